import { useState } from 'preact/hooks';
import { userApi } from '../../shared/api';
import type { Appointment } from '../../shared/api-types';
import { useSession } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { sharedMessages, useLang } from '../../shared/i18n';
import { ApiError, errorText, unwrap } from '../../shared/problem';
import { navigate } from '../../shared/router';
import { SignIn } from '../../shared/sign-in';
import { Alert, Button, PageTitle } from '../../shared/ui';
import { Loading } from '../common';
import { bookMessages } from '../messages';
import { clearSelection, getSelection, type Selection, useTimeZone } from '../state';

let lastBooked: { appointment: Appointment; selection: Selection } | undefined;
export const getLastBooked = () => lastBooked;

/** Step 3-4: sign in if needed, then confirm (one idempotency key per attempt). */
export function ConfirmScreen() {
  const t = bookMessages.useT();
  const ts = sharedMessages.useT();
  const lang = useLang();
  const tz = useTimeZone();
  const { session, status } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; retryable: boolean }>();
  const selection = getSelection();

  if (!selection)
    return (
      <>
        <PageTitle>{t('confirmTitle')}</PageTitle>
        <p>
          {t('nothingSelected')} <a href="#/">{t('startOver')}</a>
        </p>
      </>
    );
  const sel = selection;

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      const appointment = unwrap(
        await userApi.POST('/appointments', {
          // The same key on a retry of this attempt: if the first request did book (and only the
          // answer was lost), the API replays that booking instead of making a second one.
          headers: { 'idempotency-key': sel.idempotencyKey },
          body: {
            serviceId: sel.service.serviceId,
            consultantId: sel.slot.consultantId,
            start: sel.slot.start,
          },
        }),
      );
      lastBooked = { appointment, selection: sel };
      clearSelection();
      navigate(`/done/${encodeURIComponent(appointment.appointmentId)}`);
    } catch (err) {
      setError({
        text: errorText(err, {
          network: ts('networkError'),
          unexpected: (s) => ts('unexpectedError', { status: s }),
        }),
        retryable: !(err instanceof ApiError) || err.status >= 500,
      });
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle>{t('confirmTitle')}</PageTitle>
      <dl class="summary">
        <dt>{t('service')}</dt>
        <dd>{sel.service.name}</dd>
        <dt>{t('when')}</dt>
        <dd>
          {formatDateTime(sel.slot.start, tz, lang)} <span class="badge">{tz}</span>
        </dd>
        {sel.consultant ? (
          <>
            <dt>{t('with')}</dt>
            <dd>{sel.consultant.name}</dd>
          </>
        ) : null}
      </dl>
      {status === 'unknown' ? <Loading /> : null}
      {status === 'signedOut' || (status === 'signedIn' && !session) ? (
        <SignIn heading={t('signInToConfirm')} />
      ) : null}
      {session ? (
        <>
          {error ? <Alert>{error.text}</Alert> : null}
          <div class="actions">
            <Button onClick={() => void confirm()} busy={busy}>
              {error?.retryable ? t('retry') : t('confirm')}
            </Button>
            <Button
              variant="secondary"
              onClick={() => navigate(`/s/${encodeURIComponent(sel.service.serviceId)}`)}
              disabled={busy}
            >
              {t('chooseAnother')}
            </Button>
          </div>
        </>
      ) : null}
    </>
  );
}
