import { type EventType, recordEvent } from '../analytics';
import {
  appointmentInvite,
  bookingEmail,
  type EmailAttachment,
  type EmailMessage,
  type InviteMethod,
  sendEmail,
  senderAddress,
} from '../email';
import { toLocale } from '../i18n';
import { createLogger, hashId } from '../logging';
import { sendText } from '../messenger/send-api';
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

// A static import: a dynamic `import()` inside a single-file bundle does not defer loading, it wraps
// the target and everything it imports in lazy initializers esbuild cannot tree-shake (the whole
// DynamoDB client, every command, ≈ 50 KB) in every function whose imports reach this module. The
// Send API's secrets are still read only when a PSID is linked.
const defaultMessengerNotifier: MessengerNotifier = async (psid, text) => {
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

/** The customer-facing subject and one-sentence text of a change, in the customer's language. */
export function confirmationText(change: BookingChange, appt: Appointment, user?: User) {
  const mail = bookingEmail({
    change,
    appointment: appt,
    locale: toLocale(user?.locale),
    ...(user?.timeZone ? { timeZone: user.timeZone } : {}),
  });
  return { subject: mail.subject, text: mail.chatText };
}

/** Calendar method per change: confirmation and change update the event, cancellation removes it. */
const INVITE: Partial<Record<BookingChange, { method: InviteMethod; fileName: string }>> = {
  booked: { method: 'REQUEST', fileName: 'invite.ics' },
  rescheduled: { method: 'REQUEST', fileName: 'invite.ics' },
  cancelled: { method: 'CANCEL', fileName: 'cancel.ics' },
};

/** The confirmation email of a change, in the customer's language, with its calendar file. */
export async function confirmationEmail(
  change: BookingChange,
  appt: Appointment,
  user: User,
): Promise<EmailMessage & { chatText: string }> {
  const locale = toLocale(user.locale);
  const mail = bookingEmail({
    change,
    appointment: appt,
    locale,
    ...(user.timeZone ? { timeZone: user.timeZone } : {}),
    ...(user.name ? { name: user.name } : {}),
  });
  const invite = INVITE[change];
  const attachments: EmailAttachment[] = [];
  if (invite) {
    try {
      const content = await appointmentInvite({
        appointment: appt,
        method: invite.method,
        locale,
        organizer: { name: 'Bookingbot', email: senderAddress() },
        attendee: { email: user.email, ...(user.name ? { name: user.name } : {}) },
      });
      attachments.push({
        fileName: invite.fileName,
        contentType: `text/calendar; method=${invite.method}; charset=UTF-8`,
        content,
      });
    } catch (err) {
      // The email still goes out without the calendar file rather than not at all.
      log.warn('calendar invite not attached', { appointmentId: appt.appointmentId, error: err as Error });
    }
  }
  return { to: user.email, ...mail, ...(attachments.length ? { attachments } : {}) };
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
    const message = { text: confirmationText(change, appt, user).text };
    tasks.push(
      confirmationEmail(change, appt, user)
        .then(({ chatText: _chat, ...mail }) => sendEmail(mail))
        .catch((err) =>
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
