// Hours: a consultant's weekly hours and time off. A change that would strand booked appointments
// is refused by the API (409 admin.wouldOrphanAppointments, listing them); the orphan dialog shows
// them and offers to cancel them and notify the customers (the same request with onConflict=cancel),
// or to keep the hours as they were.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { ApiError, unwrap } from '../../shared/problem';
import { Alert, Button, Field, PageTitle, Status } from '../../shared/ui';
import { adminApi, DAYS, type Day, type OrphanProblem, type WeeklyHours } from '../api';
import { CustomerName, Dialog, staffZone, useErrorText } from '../common';
import { type ConsoleKey, consoleMessages } from '../messages';

type Orphans = NonNullable<OrphanProblem['appointments']>;
type Change = (policy: {
  onConflict: 'refuse' | 'cancel';
  cancelReason?: string;
}) => Promise<{ cancelled: number }>;

function OrphanDialog(props: {
  orphans: Orphans;
  onCancelAll: (reason: string) => void;
  onClose: () => void;
  busy: boolean;
}) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const [reason, setReason] = useState(t('orphanDefaultReason'));
  return (
    <Dialog title={t('orphanTitle')} onClose={props.onClose}>
      <p>{t('orphanText')}</p>
      <ul class="plain">
        {props.orphans.map((a) => (
          <li key={a.appointmentId}>
            {formatDateTime(a.start, staffZone(), lang)} — <CustomerName userId={a.userId} />
          </li>
        ))}
      </ul>
      <Field
        id="orphan-reason"
        label={t('orphanReason')}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <div class="actions">
        <Button variant="danger" busy={props.busy} onClick={() => props.onCancelAll(reason.trim())}>
          {t('orphanCancel')}
        </Button>
        <Button variant="secondary" onClick={props.onClose}>
          {t('orphanKeep')}
        </Button>
      </div>
    </Dialog>
  );
}

/** Runs a schedule change; on the orphan 409 opens the dialog, which may retry it with `cancel`. */
function useOrphanAware(onSaved: (cancelled: number) => void) {
  const errorText = useErrorText();
  const [pending, setPending] = useState<{ change: Change; orphans: Orphans }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(change: Change, policy: Parameters<Change>[0] = { onConflict: 'refuse' }) {
    setBusy(true);
    setError(undefined);
    try {
      const { cancelled } = await change(policy);
      setPending(undefined);
      onSaved(cancelled);
    } catch (err) {
      const problem = err instanceof ApiError ? (err.problem as OrphanProblem | undefined) : undefined;
      if (problem?.code === 'admin.wouldOrphanAppointments' && problem.appointments)
        setPending({ change, orphans: problem.appointments });
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const dialog = pending ? (
    <OrphanDialog
      orphans={pending.orphans}
      busy={busy}
      onClose={() => setPending(undefined)}
      onCancelAll={(reason) =>
        void run(pending.change, { onConflict: 'cancel', ...(reason ? { cancelReason: reason } : {}) })
      }
    />
  ) : null;
  return { run, dialog, error, busy };
}

function HoursEditor(props: { consultantId: string }) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const schedule = useLoad(
    async () =>
      unwrap(
        await adminApi.GET('/admin/consultants/{id}/schedule', {
          params: { path: { id: props.consultantId } },
        }),
      ),
    [props.consultantId],
  );
  const [hours, setHours] = useState<WeeklyHours>({});
  const [message, setMessage] = useState<string>();
  const [offStart, setOffStart] = useState('');
  const [offEnd, setOffEnd] = useState('');
  const [offReason, setOffReason] = useState('');
  useEffect(() => {
    if (schedule.data) setHours(schedule.data.weeklyHours);
  }, [schedule.data]);
  const saved = (cancelled: number) => {
    setMessage(cancelled ? t('cancelledN', { n: cancelled }) : t('saved'));
    schedule.reload();
  };
  const orphanAware = useOrphanAware(saved);

  const setRange = (day: Day, i: number, key: 'start' | 'end', value: string) =>
    setHours({ ...hours, [day]: (hours[day] ?? []).map((r, j) => (j === i ? { ...r, [key]: value } : r)) });
  const addRange = (day: Day) =>
    setHours({ ...hours, [day]: [...(hours[day] ?? []), { start: '09:00', end: '17:00' }] });
  const removeRange = (day: Day, i: number) =>
    setHours({ ...hours, [day]: (hours[day] ?? []).filter((_, j) => j !== i) });

  const saveHours = (e: Event) => {
    e.preventDefault();
    setMessage(undefined);
    void orphanAware.run(async (policy) => {
      const r = unwrap(
        await adminApi.PUT('/admin/consultants/{id}/schedule', {
          params: { path: { id: props.consultantId } },
          body: { weeklyHours: hours, ...policy },
        }),
      ) as { cancelledAppointments?: unknown[] };
      return { cancelled: r.cancelledAppointments?.length ?? 0 };
    });
  };
  const addTimeOff = (e: Event) => {
    e.preventDefault();
    setMessage(undefined);
    const start = new Date(offStart).toISOString();
    const end = new Date(offEnd).toISOString();
    void orphanAware.run(async (policy) => {
      const r = unwrap(
        await adminApi.POST('/admin/consultants/{id}/time-off', {
          params: { path: { id: props.consultantId } },
          body: { start, end, ...(offReason.trim() ? { reason: offReason.trim() } : {}), ...policy },
        }),
      ) as { cancelledAppointments?: unknown[] };
      return { cancelled: r.cancelledAppointments?.length ?? 0 };
    });
  };
  async function removeTimeOff(timeOffId: string) {
    try {
      unwrap(
        await adminApi.DELETE('/admin/consultants/{id}/time-off/{timeOffId}', {
          params: { path: { id: props.consultantId, timeOffId } },
        }),
      );
      saved(0);
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  if (schedule.error) return <Alert>{errorText(schedule.error)}</Alert>;
  if (!schedule.data) return <Status>…</Status>;
  return (
    <>
      {message ? <Status>{message}</Status> : null}
      {orphanAware.error ? <Alert>{orphanAware.error}</Alert> : null}
      <form class="card" onSubmit={saveHours} aria-labelledby="hours-h">
        <h2 id="hours-h">{t('hoursFor')}</h2>
        <p class="hint">{t('timesIn', { zone: schedule.data.timeZone })}</p>
        {DAYS.map((day) => {
          const dayName = t(`day_${day}` as ConsoleKey);
          const ranges = hours[day] ?? [];
          return (
            <fieldset key={day} class="day-hours">
              <legend>{dayName}</legend>
              {ranges.length === 0 ? <span class="hint">{t('closed')}</span> : null}
              {ranges.map((r, i) => (
                <div key={i} class="range">
                  <label>
                    {t('from')}{' '}
                    <input
                      type="time"
                      aria-label={`${dayName} ${t('from')} ${i + 1}`}
                      value={r.start}
                      onInput={(e) => setRange(day, i, 'start', e.currentTarget.value)}
                    />
                  </label>
                  <label>
                    {t('to')}{' '}
                    <input
                      type="time"
                      aria-label={`${dayName} ${t('to')} ${i + 1}`}
                      value={r.end}
                      onInput={(e) => setRange(day, i, 'end', e.currentTarget.value)}
                    />
                  </label>
                  <button type="button" class="link" onClick={() => removeRange(day, i)}>
                    {t('removeHours', { day: dayName, start: r.start, end: r.end })}
                  </button>
                </div>
              ))}
              <button type="button" class="link" onClick={() => addRange(day)}>
                {t('addHours', { day: dayName })}
              </button>
            </fieldset>
          );
        })}
        <Button type="submit" busy={orphanAware.busy}>
          {t('saveHours')}
        </Button>
      </form>
      <section class="card" aria-labelledby="timeoff-h">
        <h2 id="timeoff-h">{t('timeOff')}</h2>
        {schedule.data.timeOff.length === 0 ? <p class="hint">{t('noTimeOff')}</p> : null}
        <ul class="plain">
          {schedule.data.timeOff.map((o) => (
            <li key={o.timeOffId}>
              {formatDateTime(o.start, staffZone(), lang)} – {formatDateTime(o.end, staffZone(), lang)}
              {o.reason ? ` (${o.reason})` : ''}{' '}
              <button type="button" class="link" onClick={() => void removeTimeOff(o.timeOffId)}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={addTimeOff}>
          <Field
            id="off-start"
            type="datetime-local"
            label={t('from')}
            required
            value={offStart}
            onInput={(e) => setOffStart(e.currentTarget.value)}
          />
          <Field
            id="off-end"
            type="datetime-local"
            label={t('to')}
            required
            value={offEnd}
            onInput={(e) => setOffEnd(e.currentTarget.value)}
          />
          <Field
            id="off-reason"
            label={t('reason')}
            value={offReason}
            onInput={(e) => setOffReason(e.currentTarget.value)}
          />
          <Button type="submit" busy={orphanAware.busy}>
            {t('addTimeOff')}
          </Button>
        </form>
      </section>
      {orphanAware.dialog}
    </>
  );
}

export function HoursScreen(props: { consultantId?: string | undefined }) {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const consultants = useLoad(
    async () =>
      unwrap(await adminApi.GET('/admin/consultants', { params: { query: { includeInactive: false } } }))
        .items,
    [],
  );
  const [selected, setSelected] = useState(props.consultantId ?? '');
  const id = selected || consultants.data?.[0]?.consultantId || '';
  return (
    <>
      <PageTitle>{t('navHours')}</PageTitle>
      {consultants.error ? <Alert>{errorText(consultants.error)}</Alert> : null}
      {consultants.data?.length === 0 ? <p>{t('noConsultants')}</p> : null}
      {consultants.data?.length ? (
        <div class="field inline">
          <label for="hours-consultant">{t('consultantPick')}</label>
          <select id="hours-consultant" value={id} onChange={(e) => setSelected(e.currentTarget.value)}>
            {consultants.data.map((c) => (
              <option key={c.consultantId} value={c.consultantId}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {id ? <HoursEditor key={id} consultantId={id} /> : null}
    </>
  );
}
