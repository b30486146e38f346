// Layout and form controls shared by /book and /console: labelled fields, live regions for
// errors and progress, and focus moved to the page heading on every screen change so screen
// readers announce where the user is.
import type { ButtonHTMLAttributes, ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { getSession, signOut, useSession } from './auth';
import { LANGS, type Lang, setLang, sharedMessages, useLang } from './i18n';

const LANG_NAMES: Record<Lang, string> = { en: 'English', vi: 'Tiếng Việt' };

export function LanguageSwitch() {
  const lang = useLang();
  const t = sharedMessages.useT();
  return (
    <label class="lang">
      <span>{t('language')}</span>
      <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Layout(props: { appName: string; nav?: ComponentChildren; children: ComponentChildren }) {
  const t = sharedMessages.useT();
  const { session } = useSession();
  return (
    <>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <span class="brand">{props.appName}</span>
        {props.nav ? (
          <nav aria-label={props.appName} class="nav">
            {props.nav}
          </nav>
        ) : null}
        <div class="top-tools">
          <LanguageSwitch />
          {session ? (
            <button type="button" class="link" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

/** The screen's heading; takes focus when the screen appears (announced by screen readers). */
export function PageTitle(props: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {props.children}
    </h1>
  );
}

export function Alert(props: { children: ComponentChildren }) {
  return (
    <div role="alert" class="alert">
      {props.children}
    </div>
  );
}

export function Status(props: { children: ComponentChildren }) {
  return (
    <p role="status" class="status">
      {props.children}
    </p>
  );
}

type InputProps = InputHTMLAttributes & {
  label: string;
  id: string;
  hint?: string;
  error?: string | undefined;
};

export function Field({ label, id, hint, error, ...input }: InputProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {error ? (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Button(
  props: ButtonHTMLAttributes & { variant?: 'primary' | 'secondary' | 'danger'; busy?: boolean },
) {
  const { variant = 'primary', busy, children, ...rest } = props;
  return (
    <button
      type="button"
      class={`btn btn-${variant}`}
      aria-busy={busy ? true : undefined}
      disabled={busy}
      {...rest}
    >
      {children}
    </button>
  );
}

/** The signed-in user's id, or undefined (for code outside components). */
export const currentUserId = () => getSession()?.userId;
