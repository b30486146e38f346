// The app's languages: English and Vietnamese. Each area keeps its own catalog (`defineMessages`) so
// /book never ships the console's texts; shared pieces use `sharedMessages`. The chosen language
// is kept in localStorage and mirrored on <html lang> for screen readers and hyphenation.
import { useEffect, useState } from 'preact/hooks';

export const LANGS = ['en', 'vi'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'bookingbot.lang';

function initialLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'vi') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

let current: Lang = initialLang();
const listeners = new Set<(lang: Lang) => void>();

export const getLang = (): Lang => current;

export function setLang(lang: Lang): void {
  current = lang;
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  for (const fn of listeners) fn(lang);
}

/** The current language, re-rendering the component when it changes. */
export function useLang(): Lang {
  const [lang, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    return () => {
      listeners.delete(set);
    };
  }, []);
  return lang;
}

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

/**
 * A catalog: English is the reference (its keys are the type), Vietnamese must have every key.
 * `{name}` placeholders are filled from params.
 */
export function defineMessages<const M extends Record<string, string>>(catalog: {
  en: M;
  vi: Record<keyof M, string>;
}) {
  const translate =
    (lang: Lang): Translate<Extract<keyof M, string>> =>
    (key, params) => {
      const text = catalog[lang][key] ?? catalog.en[key];
      return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m)) : text;
    };
  return {
    translate,
    /** The translate function of the current language (re-renders on change). */
    useT: () => translate(useLang()),
  };
}

/** Texts of the shared pieces (layout, sign-in, errors). */
export const sharedMessages = defineMessages({
  en: {
    language: 'Language',
    skipToContent: 'Skip to content',
    signIn: 'Sign in',
    signOut: 'Sign out',
    signInIntro: 'We email you a 6-digit code. No password needed.',
    email: 'Email address',
    sendCode: 'Email me a code',
    code: '6-digit code',
    codeSent: 'We sent a code to {email}. It is valid for 5 minutes.',
    verify: 'Sign in',
    useAnotherEmail: 'Use another email',
    resend: 'Send a new code',
    loading: 'Loading…',
    networkError: 'The server could not be reached. Check your connection and try again.',
    unexpectedError: 'Something went wrong ({status}). Please try again.',
    signedInAs: 'Signed in as {email}',
    sessionExpired: 'Your session has ended. Please sign in again.',
  },
  vi: {
    language: 'Ngôn ngữ',
    skipToContent: 'Chuyển đến nội dung',
    signIn: 'Đăng nhập',
    signOut: 'Đăng xuất',
    signInIntro: 'Chúng tôi gửi mã 6 chữ số qua email. Không cần mật khẩu.',
    email: 'Địa chỉ email',
    sendCode: 'Gửi mã cho tôi',
    code: 'Mã 6 chữ số',
    codeSent: 'Chúng tôi đã gửi mã đến {email}. Mã có hiệu lực trong 5 phút.',
    verify: 'Đăng nhập',
    useAnotherEmail: 'Dùng email khác',
    resend: 'Gửi mã mới',
    loading: 'Đang tải…',
    networkError: 'Không kết nối được máy chủ. Hãy kiểm tra kết nối và thử lại.',
    unexpectedError: 'Đã có lỗi ({status}). Vui lòng thử lại.',
    signedInAs: 'Đã đăng nhập: {email}',
    sessionExpired: 'Phiên đăng nhập đã kết thúc. Vui lòng đăng nhập lại.',
  },
});
