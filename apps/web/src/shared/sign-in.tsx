// Email-code sign-in (auth-otp): email → 6-digit code → signed in. Used by /book before a booking is
// confirmed and by /console at its door.
import { useState } from 'preact/hooks';
import { requestCode, verifyCode } from './auth';
import { sharedMessages } from './i18n';
import { errorText } from './problem';
import { Alert, Button, Field, Status } from './ui';

export function SignIn(props: { onSignedIn?: () => void; heading?: string }) {
  const t = sharedMessages.useT();
  const [email, setEmail] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'email' | 'code'>('email');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const fallback = {
    network: t('networkError'),
    unexpected: (status: number) => t('unexpectedError', { status }),
  };

  async function send(e?: Event) {
    e?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await requestCode(email.trim());
      setStep('code');
      setCode('');
    } catch (err) {
      setError(errorText(err, fallback));
    } finally {
      setBusy(false);
    }
  }

  async function verify(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await verifyCode(email.trim(), code.trim());
      props.onSignedIn?.();
    } catch (err) {
      setError(errorText(err, fallback));
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{props.heading ?? t('signIn')}</h2>
      {step === 'email' ? (
        <form onSubmit={send} noValidate={false}>
          <p class="hint">{t('signInIntro')}</p>
          <Field
            id="sign-in-email"
            label={t('email')}
            type="email"
            autocomplete="email"
            inputMode="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          {error ? <Alert>{error}</Alert> : null}
          <Button type="submit" busy={busy}>
            {t('sendCode')}
          </Button>
        </form>
      ) : (
        <form onSubmit={verify}>
          <Status>{t('codeSent', { email })}</Status>
          <Field
            id="sign-in-code"
            label={t('code')}
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
          {error ? <Alert>{error}</Alert> : null}
          <div class="actions">
            <Button type="submit" busy={busy}>
              {t('verify')}
            </Button>
            <Button variant="secondary" onClick={() => void send()} disabled={busy}>
              {t('resend')}
            </Button>
            <Button variant="secondary" onClick={() => setStep('email')} disabled={busy}>
              {t('useAnotherEmail')}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
