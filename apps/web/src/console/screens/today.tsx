// Today: one timeline per consultant for the chosen day, each appointment with customer, service,
// channel and status, and the staff actions (complete, no-show, cancel with reason, reschedule to a
// free slot); "Book for a customer" books on a customer's behalf.
import { useState } from 'preact/hooks';
import { addDays, formatDay, formatTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, PageTitle, Status } from '../../shared/ui';
import { type AdminAppointment, type AdminConsultant, type AdminService, adminApi } from '../api';
import { CustomerName, staffZone, startOfDay, today, useErrorText, userById } from '../common';
import { type ConsoleKey, consoleMessages } from '../messages';
import { BookForCustomerDialog, CancelDialog, RescheduleDialog } from './appointment-dialogs';

/** Appointments, consultants and services of a range of days (the day view and the week view). */
export function useDays(from: string, days: number) {
  return useLoad(async () => {
    const [appointments, consultants, services] = await Promise.all([
      adminApi
        .GET('/admin/appointments', {
          params: { query: { from: startOfDay(from), to: startOfDay(addDays(from, days)), limit: 100 } },
        })
        .then(unwrap),
      adminApi.GET('/admin/consultants', { params: { query: { includeInactive: false } } }).then(unwrap),
      adminApi.GET('/admin/services', { params: { query: { includeInactive: false } } }).then(unwrap),
    ]);
    return { appointments: appointments.items, consultants: consultants.items, services: services.items };
  }, [from, days]);
}

type Dialogs =
  | { kind: 'cancel'; appointment: AdminAppointment; who: string }
  | { kind: 'reschedule'; appointment: AdminAppointment; who: string }
  | { kind: 'book' };

function AppointmentRow(props: {
  a: AdminAppointment;
  onAction: (action: 'complete' | 'no-show', a: AdminAppointment) => void;
  onDialog: (d: Dialogs) => void;
  busy: boolean;
}) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const { a } = props;
  const zone = staffZone();
  const time = `${formatTime(a.start, zone, lang)}–${formatTime(a.end, zone, lang)}`;
  const who = async () => {
    const u = await userById(a.userId);
    return u?.name ?? u?.email ?? a.userId;
  };
  const started = Date.parse(a.start) <= Date.now();
  return (
    <li class={`appt appt-${a.status}`}>
      <div class="appt-main">
        <span class="appt-time">{time}</span>{' '}
        <strong>
          <CustomerName userId={a.userId} />
        </strong>{' '}
        <span>{a.serviceName}</span> <span class="badge">{t(`channel_${a.channel}` as ConsoleKey)}</span>{' '}
        <span class="badge">{t(`status_${a.status}` as ConsoleKey)}</span>
        {a.cancelReason ? <small> — {a.cancelReason}</small> : null}
      </div>
      {a.status === 'booked' ? (
        <div class="actions">
          {started ? (
            <>
              <Button variant="secondary" busy={props.busy} onClick={() => props.onAction('complete', a)}>
                {t('complete')}
              </Button>
              <Button variant="secondary" busy={props.busy} onClick={() => props.onAction('no-show', a)}>
                {t('noShow')}
              </Button>
            </>
          ) : null}
          <Button
            variant="secondary"
            onClick={async () => props.onDialog({ kind: 'reschedule', appointment: a, who: await who() })}
          >
            {t('reschedule')}
          </Button>
          <Button
            variant="danger"
            onClick={async () => props.onDialog({ kind: 'cancel', appointment: a, who: await who() })}
          >
            {t('cancel')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

export function Timeline(props: {
  consultants: AdminConsultant[];
  appointments: AdminAppointment[];
  onAction: (action: 'complete' | 'no-show', a: AdminAppointment) => void;
  onDialog: (d: Dialogs) => void;
  busy: boolean;
}) {
  const t = consoleMessages.useT();
  if (props.consultants.length === 0) return <p>{t('noConsultants')}</p>;
  return (
    <div class="timelines">
      {props.consultants.map((c) => {
        const mine = props.appointments.filter((a) => a.consultantId === c.consultantId);
        return (
          <section key={c.consultantId} class="card" aria-labelledby={`tl-${c.consultantId}`}>
            <h2 id={`tl-${c.consultantId}`}>{c.name}</h2>
            {mine.length ? (
              <ol class="timeline">
                {mine.map((a) => (
                  <AppointmentRow
                    key={a.appointmentId}
                    a={a}
                    onAction={props.onAction}
                    onDialog={props.onDialog}
                    busy={props.busy}
                  />
                ))}
              </ol>
            ) : (
              <p class="hint">{t('noAppointments')}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function TodayScreen(props: { day?: string | undefined }) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [day, setDay] = useState(props.day ?? today());
  const data = useDays(day, 1);
  const [dialog, setDialog] = useState<Dialogs>();
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function act(action: 'complete' | 'no-show', a: AdminAppointment) {
    setBusy(true);
    setError(undefined);
    try {
      const path =
        action === 'complete' ? '/admin/appointments/{id}/complete' : '/admin/appointments/{id}/no-show';
      unwrap(await adminApi.POST(path, { params: { path: { id: a.appointmentId } }, body: {} }));
      setMessage(t('done'));
      data.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const finish = (text: string) => {
    setDialog(undefined);
    setMessage(text);
    data.reload();
  };

  return (
    <>
      <PageTitle>
        {t('navToday')} — {formatDay(day, lang, 'long')}
      </PageTitle>
      <div class="toolbar">
        <Button variant="secondary" onClick={() => setDay(addDays(day, -1))}>
          {t('previousDay')}
        </Button>
        <div class="field inline">
          <label for="today-day">{t('day')}</label>
          <input
            id="today-day"
            type="date"
            value={day}
            onInput={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
          />
        </div>
        <Button variant="secondary" onClick={() => setDay(addDays(day, 1))}>
          {t('nextDay')}
        </Button>
        <Button onClick={() => setDialog({ kind: 'book' })} disabled={!data.data}>
          {t('bookForCustomer')}
        </Button>
      </div>
      <p class="hint">{t('timesIn', { zone: staffZone() })}</p>
      {message ? <Status>{message}</Status> : null}
      {error ? <Alert>{error}</Alert> : null}
      {data.loading && !data.data ? <Status>…</Status> : null}
      {data.error ? <Alert>{errorText(data.error)}</Alert> : null}
      {data.data ? (
        <Timeline
          consultants={data.data.consultants}
          appointments={data.data.appointments}
          onAction={(action, a) => void act(action, a)}
          onDialog={setDialog}
          busy={busy}
        />
      ) : null}
      {dialog?.kind === 'cancel' ? (
        <CancelDialog
          appointment={dialog.appointment}
          who={dialog.who}
          onClose={() => setDialog(undefined)}
          onDone={() => finish(t('done'))}
        />
      ) : null}
      {dialog?.kind === 'reschedule' ? (
        <RescheduleDialog
          appointment={dialog.appointment}
          who={dialog.who}
          day={day}
          onClose={() => setDialog(undefined)}
          onDone={finish}
        />
      ) : null}
      {dialog?.kind === 'book' && data.data ? (
        <BookForCustomerDialog
          day={day}
          services={data.data.services as AdminService[]}
          consultants={data.data.consultants}
          onClose={() => setDialog(undefined)}
          onDone={finish}
        />
      ) : null}
    </>
  );
}

/** Monday of the week of `day`. */
function monday(day: string): string {
  const dow = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

export function WeekScreen() {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [start, setStart] = useState(monday(today()));
  const data = useDays(start, 7);
  const zone = staffZone();
  const days = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const consultantName = (id: string) =>
    data.data?.consultants.find((c) => c.consultantId === id)?.name ?? id;
  return (
    <>
      <PageTitle>{t('weekOf', { day: formatDay(start, lang, 'long') })}</PageTitle>
      <div class="toolbar">
        <Button variant="secondary" onClick={() => setStart(addDays(start, -7))}>
          {t('previousWeek')}
        </Button>
        <Button variant="secondary" onClick={() => setStart(addDays(start, 7))}>
          {t('nextWeek')}
        </Button>
      </div>
      <p class="hint">{t('timesIn', { zone })}</p>
      {data.error ? <Alert>{errorText(data.error)}</Alert> : null}
      {data.loading && !data.data ? <Status>…</Status> : null}
      <div class="week">
        {days.map((d) => {
          const from = Date.parse(startOfDay(d));
          const to = Date.parse(startOfDay(addDays(d, 1)));
          const list = (data.data?.appointments ?? []).filter(
            (a) => Date.parse(a.start) >= from && Date.parse(a.start) < to,
          );
          return (
            <section key={d} class="card" aria-labelledby={`wk-${d}`}>
              <h2 id={`wk-${d}`}>
                <a href={`#/today/${d}`}>{formatDay(d, lang, 'long')}</a>
              </h2>
              {list.length ? (
                <ul class="plain">
                  {list.map((a) => (
                    <li key={a.appointmentId}>
                      {formatTime(a.start, zone, lang)} · <CustomerName userId={a.userId} /> · {a.serviceName}{' '}
                      · {consultantName(a.consultantId)} · {t(`status_${a.status}` as ConsoleKey)}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="hint">{t('noAppointments')}</p>
              )}
            </section>
          );
        })}
      </div>
    </>
  );
}
