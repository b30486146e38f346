import { DateTime } from 'luxon';
import { type EventType, recordEvent } from '../analytics';
import { sendEmail } from '../email';
import { createLogger, hashId } from '../logging';
import { countMetric, METRIC, type MetricName } from '../metrics';
import { getUser, type User } from '../users';
import type { Appointment, HistoryEntry } from './model';

/**
 * After-commit side effects of a booking change: the analytics event and the customer's
 * confirmation (email, plus Messenger when a PSID is linked). They run after the transaction
 * committed and never throw: a failed email must not undo or fail a booking.
 */
export type BookingChange = HistoryEntry['action'];

/** Sends a tagged Messenger update to a PSID. Replaceable for tests (`setMessengerNotifier`). */
export type MessengerNotifier = (psid: string, text: string) => Promise<void>;

const defaultMessengerNotifier: MessengerNotifier = async (psid, text) => {
  // Loaded lazily: the Send API client (and its secrets) is only needed when a PSID is linked.
  const { sendText } = await import('../messenger');
  // CONFIRMED_EVENT_UPDATE is the tag Meta allows for changes to a confirmed booking outside 24 h.
  await sendText(psid, text, { tag: 'CONFIRMED_EVENT_UPDATE' });
};

let messengerNotifier: MessengerNotifier = defaultMessengerNotifier;

/** Replaces the Messenger sender (tests); `undefined` restores the Send API one. */
export function setMessengerNotifier(notifier: MessengerNotifier | undefined): void {
  messengerNotifier = notifier ?? defaultMessengerNotifier;
}

const log = createLogger('booking');

/** How long a request waits for its confirmations before answering. @default 4000 ms */
const NOTIFY_BUDGET_MS = 4000;

const eventTypes: Record<BookingChange, EventType> = {
  booked: 'booking.booked',
  cancelled: 'booking.cancelled',
  rescheduled: 'booking.rescheduled',
  completed: 'booking.completed',
  no_show: 'booking.noShow',
};

/** The dashboard counters per change (outcomes are counted by their analytics events only). */
const changeMetrics: Partial<Record<BookingChange, MetricName>> = {
  booked: METRIC.bookingCreated,
  rescheduled: METRIC.bookingRescheduled,
  cancelled: METRIC.bookingCancelled,
};

function when(iso: string, user: User | undefined, appt: Appointment): string {
  const zone = user?.timeZone ?? appt.timeZone;
  return DateTime.fromISO(iso, { zone })
    .setLocale(user?.locale ?? 'en-GB')
    .toFormat("cccc d LLLL yyyy 'at' HH:mm (ZZZZ)");
}

/** The customer-facing text of a change (plain text: email body and Messenger message). */
export function confirmationText(change: BookingChange, appt: Appointment, user?: User) {
  const what = `${appt.serviceName} with ${appt.consultantName}`;
  const at = when(appt.start, user, appt);
  const last = appt.history.at(-1);
  switch (change) {
    case 'booked':
      return {
        subject: `Booked: ${appt.serviceName}, ${at}`,
        text: `Your appointment is booked: ${what}, ${at}.`,
      };
    case 'rescheduled': {
      const from = last?.from ? ` (was ${when(last.from.start, user, appt)})` : '';
      return {
        subject: `Rescheduled: ${appt.serviceName}, ${at}`,
        text: `Your appointment was moved: ${what}, now ${at}${from}.`,
      };
    }
    case 'cancelled':
      return {
        subject: `Cancelled: ${appt.serviceName}, ${at}`,
        text: `Your appointment ${what} on ${at} is cancelled.${appt.cancelReason ? ` Reason: ${appt.cancelReason}.` : ''}`,
      };
    case 'completed':
      return { subject: `Thank you for your visit`, text: `Thank you for attending ${what} on ${at}.` };
    case 'no_show':
      return {
        subject: `We missed you`,
        text: `We missed you at ${what} on ${at}. Reply or book again whenever suits you.`,
      };
  }
}

/** Records the analytics event and sends the confirmations. Never throws. */
export async function afterChange(change: BookingChange, appt: Appointment): Promise<void> {
  const metric = changeMetrics[change];
  if (metric) countMetric(metric);
  const entry = appt.history.at(-1);
  const tasks: Promise<unknown>[] = [
    recordEvent({
      type: eventTypes[change],
      userId: appt.userId,
      props: {
        appointmentId: appt.appointmentId,
        serviceId: appt.serviceId,
        consultantId: appt.consultantId,
        channel: entry?.channel ?? appt.channel,
        by: entry?.by.kind ?? 'system',
        start: appt.start,
        leadMinutes: Math.round((Date.parse(appt.start) - Date.parse(entry?.at ?? appt.updatedAt)) / 60_000),
      },
    }),
  ];
  let user: User | undefined;
  try {
    user = await getUser(appt.userId);
  } catch (err) {
    log.warn('confirmation skipped: user not readable', { error: err as Error });
  }
  if (user) {
    const message = confirmationText(change, appt, user);
    tasks.push(
      sendEmail({ to: user.email, subject: message.subject, text: message.text }).catch((err) =>
        log.warn('confirmation email failed', {
          appointmentId: appt.appointmentId,
          change,
          error: err as Error,
        }),
      ),
    );
    // A change made in the Messenger conversation is confirmed there, in the thread itself.
    if (user.psid && entry?.channel !== 'messenger') {
      const psid = user.psid;
      tasks.push(
        messengerNotifier(psid, message.text).catch((err) =>
          log.warn('Messenger confirmation failed', {
            appointmentId: appt.appointmentId,
            change,
            psidHash: hashId(psid, 'psid:'),
            error: err as Error,
          }),
        ),
      );
    }
  }
  // Bounded: a slow SES or Graph API must not hold the customer's answer (the booking is already
  // committed). What is still in flight after the budget is logged and continues if the runtime lets it.
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), NOTIFY_BUDGET_MS);
  });
  const outcome = await Promise.race([Promise.allSettled(tasks), budget]);
  clearTimeout(timer);
  if (outcome === 'timeout')
    log.warn('confirmations still in flight after the budget', { appointmentId: appt.appointmentId, change });
}
