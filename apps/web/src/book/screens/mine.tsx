import { useState } from 'preact/hooks';
import { userApi } from '../../shared/api';
import type { Appointment } from '../../shared/api-types';
import { formatDateTime } from '../../shared/format';
import { sharedMessages, useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { errorText, unwrap } from '../../shared/problem';
import { navigate } from '../../shared/router';
import { Alert, Button, PageTitle, Status } from '../../shared/ui';
import { LoadError, Loading, RequireSession } from '../common';
import { bookMessages } from '../messages';
import { loadCatalog, useTimeZone } from '../state';

let flash: string | undefined;
/** A one-time message for the list (after a reschedule on another screen). */
export const setFlash = (text: string) => {
  flash = text;
};

export function MyAppointmentsScreen() {
  const t = bookMessages.useT();
  return (
    <>
      <PageTitle>{t('mineTitle')}</PageTitle>
      <RequireSession heading={t('signInToSeeMine')}>
        <AppointmentList />
      </RequireSession>
    </>
  );
}

function AppointmentList() {
  const t = bookMessages.useT();
  const [message, setMessage] = useState<string | undefined>(() => {
    const m = flash;
    flash = undefined;
    return m;
  });
  const { data, error, loading, reload } = useLoad(async () => {
    const [catalog, list] = await Promise.all([
      loadCatalog(),
      userApi.GET('/appointments', { params: { query: { limit: 50, order: 'asc' } } }),
    ]);
    return { ...catalog, appointments: unwrap(list).items };
  }, []);
  const now = Date.now();
  const upcoming = data?.appointments.filter((a) => a.status === 'booked' && Date.parse(a.end) > now) ?? [];
  const past = data?.appointments.filter((a) => !upcoming.includes(a)).reverse() ?? [];
  const names = (a: Appointment) => ({
    service: data?.services.find((s) => s.serviceId === a.serviceId)?.name ?? a.serviceId,
    consultant: data?.consultants.find((c) => c.consultantId === a.consultantId)?.name ?? '',
  });
  return (
    <>
      {message ? <Status>{message}</Status> : null}
      {loading && !data ? <Loading /> : null}
      {error ? <LoadError error={error} signInHeading={t('signInToSeeMine')} onSignedIn={reload} /> : null}
      {data && data.appointments.length === 0 ? <p>{t('none')}</p> : null}
      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">{t('upcoming')}</h2>
          <ul class="choices">
            {upcoming.map((a) => (
              <AppointmentItem
                key={a.appointmentId}
                appointment={a}
                {...names(a)}
                onChanged={(text) => {
                  setMessage(text);
                  reload();
                }}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {past.length ? (
        <section aria-labelledby="past-heading">
          <h2 id="past-heading">{t('past')}</h2>
          <ul class="choices">
            {past.map((a) => (
              <AppointmentItem key={a.appointmentId} appointment={a} {...names(a)} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function AppointmentItem(props: {
  appointment: Appointment;
  service: string;
  consultant: string;
  onChanged?: (message: string) => void;
}) {
  const t = bookMessages.useT();
  const ts = sharedMessages.useT();
  const lang = useLang();
  const tz = useTimeZone();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const a = props.appointment;
  const when = formatDateTime(a.start, tz, lang);
  const headingId = `appt-${a.appointmentId}`;

  async function cancel() {
    setBusy(true);
    setError(undefined);
    try {
      unwrap(
        await userApi.POST('/appointments/{id}/cancel', {
          params: { path: { id: a.appointmentId } },
        }),
      );
      props.onChanged?.(t('cancelled'));
    } catch (err) {
      setError(
        errorText(err, {
          network: ts('networkError'),
          unexpected: (s) => ts('unexpectedError', { status: s }),
        }),
      );
      setBusy(false);
    }
  }

  return (
    <li class="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{props.service}</h3>
      <p>
        {when}
        {props.consultant ? ` · ${props.consultant}` : ''}{' '}
        <span class="badge">{t(`status_${a.status}`)}</span>
      </p>
      {error ? <Alert>{error}</Alert> : null}
      {props.onChanged && !asking ? (
        <div class="actions">
          <Button
            variant="secondary"
            aria-describedby={headingId}
            onClick={() => navigate(`/appointments/${encodeURIComponent(a.appointmentId)}/reschedule`)}
          >
            {t('reschedule')}
          </Button>
          <Button variant="secondary" aria-describedby={headingId} onClick={() => setAsking(true)}>
            {t('cancel')}
          </Button>
        </div>
      ) : null}
      {asking ? (
        <fieldset class="confirm-box">
          <legend>{t('cancelQuestion', { service: props.service, when })}</legend>
          <div class="actions">
            <Button variant="danger" busy={busy} onClick={() => void cancel()}>
              {t('cancelYes')}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => setAsking(false)}>
              {t('cancelNo')}
            </Button>
          </div>
        </fieldset>
      ) : null}
    </li>
  );
}
