// The dialogs of an appointment: cancel with a reason, reschedule to a free slot, book on behalf of
// a customer. Free slots come from admin-api's /admin/availability: the customer rules without the
// minimum notice, so staff can offer a time within the next two hours (booked with ignoreNotice).
import { useState } from 'preact/hooks';
import type { Slot } from '../../shared/api-types';
import { formatTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, Field, Status } from '../../shared/ui';
import {
  type AdminAppointment,
  type AdminConsultant,
  type AdminService,
  type AdminUser,
  adminApi,
} from '../api';
import { Dialog, staffZone, useErrorText } from '../common';
import { consoleMessages } from '../messages';

export function CancelDialog(props: {
  appointment: AdminAppointment;
  who: string;
  onDone: () => void;
  onClose: () => void;
}) {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      unwrap(
        await adminApi.POST('/admin/appointments/{id}/cancel', {
          params: { path: { id: props.appointment.appointmentId } },
          body: { reason: reason.trim() },
        }),
      );
      props.onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('cancelTitle')} onClose={props.onClose}>
      <form onSubmit={submit}>
        <Field
          id="cancel-reason"
          label={t('cancelReason')}
          required
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        {error ? <Alert>{error}</Alert> : null}
        <Button type="submit" variant="danger" busy={busy}>
          {t('cancelConfirm')}
        </Button>
      </form>
    </Dialog>
  );
}

/** Free slots of a service (optionally one consultant) on a day, as buttons. */
export function FreeSlots(props: {
  serviceId: string;
  consultantId?: string;
  day: string;
  label: (time: string) => string;
  onPick: (slot: Slot) => void;
  busy?: boolean;
}) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const zone = staffZone();
  const slots = useLoad(
    async () =>
      unwrap(
        await adminApi.GET('/admin/availability', {
          params: {
            query: {
              serviceId: props.serviceId,
              date: props.day,
              timeZone: zone,
              ...(props.consultantId ? { consultantId: props.consultantId } : {}),
            },
          },
        }),
      ).slots,
    [props.serviceId, props.consultantId, props.day],
  );
  if (slots.loading) return <Status>…</Status>;
  if (slots.error) return <Alert>{errorText(slots.error)}</Alert>;
  const list = slots.data ?? [];
  if (list.length === 0) return <p>{t('noFreeTimes')}</p>;
  return (
    <ul class="slots" aria-label={t('freeTimes')}>
      {list.map((s) => (
        <li key={`${s.start}-${s.consultantId}`}>
          <button type="button" class="choice" disabled={props.busy} onClick={() => props.onPick(s)}>
            {props.label(formatTime(s.start, zone, lang))}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function RescheduleDialog(props: {
  appointment: AdminAppointment;
  who: string;
  day: string;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [day, setDay] = useState(props.day);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function pick(slot: Slot) {
    setBusy(true);
    setError(undefined);
    try {
      unwrap(
        await adminApi.POST('/admin/appointments/{id}/reschedule', {
          params: { path: { id: props.appointment.appointmentId } },
          body: { start: slot.start, consultantId: slot.consultantId, ignoreNotice: true },
        }),
      );
      props.onDone(t('moved', { time: formatTime(slot.start, staffZone(), lang) }));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('rescheduleTitle', { who: props.who })} onClose={props.onClose}>
      <Field
        id="reschedule-day"
        type="date"
        label={t('newDay')}
        value={day}
        onInput={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
      />
      {error ? <Alert>{error}</Alert> : null}
      <h3>{t('freeTimes')}</h3>
      <FreeSlots
        serviceId={props.appointment.serviceId}
        consultantId={props.appointment.consultantId}
        day={day}
        label={(time) => t('pickTime', { time })}
        onPick={(s) => void pick(s)}
        busy={busy}
      />
    </Dialog>
  );
}

export function BookForCustomerDialog(props: {
  day: string;
  services: AdminService[];
  consultants: AdminConsultant[];
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<AdminUser[]>();
  const [customer, setCustomer] = useState<AdminUser>();
  const active = props.services.filter((s) => s.active);
  const [serviceId, setServiceId] = useState(active[0]?.serviceId ?? '');
  const [day, setDay] = useState(props.day);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function search(e: Event) {
    e.preventDefault();
    setError(undefined);
    try {
      setFound(
        unwrap(await adminApi.GET('/admin/users', { params: { query: { query: query.trim(), limit: 10 } } }))
          .items,
      );
    } catch (err) {
      setError(errorText(err));
    }
  }
  async function book(slot: Slot) {
    if (!customer) return;
    setBusy(true);
    setError(undefined);
    try {
      unwrap(
        await adminApi.POST('/admin/appointments', {
          body: {
            userId: customer.userId,
            serviceId,
            consultantId: slot.consultantId,
            start: slot.start,
            ignoreNotice: true,
          },
          headers: { 'idempotency-key': crypto.randomUUID() },
        }),
      );
      props.onDone(
        t('booked', {
          who: customer.name ?? customer.email,
          time: formatTime(slot.start, staffZone(), lang),
        }),
      );
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <Dialog title={t('bookForCustomer')} onClose={props.onClose}>
      {customer ? (
        <>
          <p>
            {t('customer')}: <strong>{customer.name ?? customer.email}</strong> ({customer.email})
          </p>
          <div class="field">
            <label for="book-service">{t('service')}</label>
            <select id="book-service" value={serviceId} onChange={(e) => setServiceId(e.currentTarget.value)}>
              {active.map((s) => (
                <option key={s.serviceId} value={s.serviceId}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <Field
            id="book-day"
            type="date"
            label={t('day')}
            value={day}
            onInput={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
          />
          {error ? <Alert>{error}</Alert> : null}
          {serviceId ? (
            <FreeSlots
              serviceId={serviceId}
              day={day}
              label={(time) => t('book', { time })}
              onPick={(s) => void book(s)}
              busy={busy}
            />
          ) : null}
        </>
      ) : (
        <form onSubmit={search}>
          <Field
            id="book-customer"
            label={t('findCustomer')}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <Button type="submit">{t('search')}</Button>
          {error ? <Alert>{error}</Alert> : null}
          {found ? (
            found.length ? (
              <ul class="choices">
                {found.map((u) => (
                  <li key={u.userId}>
                    <button type="button" class="choice" onClick={() => setCustomer(u)}>
                      {u.name ?? u.email} <small>{u.email}</small>
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t('noResults')}</p>
            )
          ) : null}
        </form>
      )}
    </Dialog>
  );
}
