import { useState } from 'preact/hooks';
import { userApi } from '../../shared/api';
import type { Slot } from '../../shared/api-types';
import { formatDateTime } from '../../shared/format';
import { sharedMessages, useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { errorText, unwrap } from '../../shared/problem';
import { navigate } from '../../shared/router';
import { Alert, Button, PageTitle } from '../../shared/ui';
import { LoadError, Loading, RequireSession } from '../common';
import { bookMessages } from '../messages';
import { loadCatalog, useTimeZone } from '../state';
import { setFlash } from './mine';
import { SlotPicker } from './slot-picker';

export function RescheduleScreen(props: { appointmentId: string }) {
  const t = bookMessages.useT();
  return (
    <>
      <PageTitle>{t('rescheduleTitle')}</PageTitle>
      <RequireSession heading={t('signInToSeeMine')}>
        <Reschedule appointmentId={props.appointmentId} />
      </RequireSession>
    </>
  );
}

function Reschedule(props: { appointmentId: string }) {
  const t = bookMessages.useT();
  const ts = sharedMessages.useT();
  const lang = useLang();
  const tz = useTimeZone();
  const [picked, setPicked] = useState<Slot>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const {
    data,
    error: loadError,
    loading,
    reload,
  } = useLoad(async () => {
    const [catalog, list] = await Promise.all([
      loadCatalog(),
      userApi.GET('/appointments', { params: { query: { status: 'booked', limit: 100, order: 'asc' } } }),
    ]);
    const appointment = unwrap(list).items.find((a) => a.appointmentId === props.appointmentId);
    return { ...catalog, appointment };
  }, [props.appointmentId]);
  const appointment = data?.appointment;
  const service = data?.services.find((s) => s.serviceId === appointment?.serviceId);

  async function move(slot: Slot) {
    setBusy(true);
    setError(undefined);
    try {
      const moved = unwrap(
        await userApi.POST('/appointments/{id}/reschedule', {
          params: { path: { id: props.appointmentId } },
          body: { start: slot.start, consultantId: slot.consultantId },
        }),
      );
      setFlash(t('rescheduled', { when: formatDateTime(moved.start, tz, lang) }));
      navigate('/appointments');
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

  if (loading && !data) return <Loading />;
  if (loadError)
    return <LoadError error={loadError} signInHeading={t('signInToSeeMine')} onSignedIn={reload} />;
  if (!appointment || !service || !data)
    return (
      <p>
        <a href="#/appointments">{t('navMine')}</a>
      </p>
    );
  return (
    <>
      <p>
        <strong>{service.name}</strong> —{' '}
        {t('currentTime', { when: formatDateTime(appointment.start, tz, lang) })}
      </p>
      <SlotPicker
        service={service}
        consultants={data.consultants}
        consultantId={appointment.consultantId}
        selected={picked}
        onPick={(slot) => setPicked(slot)}
      />
      {picked ? (
        <section class="card" aria-labelledby="move-heading">
          <h2 id="move-heading">{t('moveQuestion', { when: formatDateTime(picked.start, tz, lang) })}</h2>
          {error ? <Alert>{error}</Alert> : null}
          <div class="actions">
            <Button busy={busy} onClick={() => void move(picked)}>
              {t('moveYes')}
            </Button>
          </div>
        </section>
      ) : null}
    </>
  );
}
