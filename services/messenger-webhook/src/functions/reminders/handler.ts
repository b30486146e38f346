import { type Appointment, listAppointments } from '@bookingbot/common/booking';
import { claimReminder } from '@bookingbot/common/conversation';
import { reminderEmail, sendEmail } from '@bookingbot/common/email';
import { toLocale } from '@bookingbot/common/i18n';
import { createLogger, hashId } from '@bookingbot/common/logging';
import { GraphApiError, sendText } from '@bookingbot/common/messenger';
import { getUser } from '@bookingbot/common/users';
import { DateTime } from 'luxon';
import { zoneOf } from '../../conversation/ports';

const logger = createLogger('messenger-reminders');

/** Reminders go out for appointments starting between 24 h and 24 h + this lookahead from now. */
const LOOKAHEAD_MS = 20 * 60_000;
const DAY_MS = 86_400_000;

async function remind(a: Appointment): Promise<'sent' | 'skipped'> {
  const user = await getUser(a.userId);
  if (!user || user.blocked) return 'skipped';
  if (!(await claimReminder(a.appointmentId, a.start))) return 'skipped';
  // One catalog for chat and email (@bookingbot/common/i18n): the customer's language and zone.
  const mail = reminderEmail({
    appointment: a,
    locale: toLocale(user.locale),
    timeZone: zoneOf(user),
    ...(user.name ? { name: user.name } : {}),
  });
  const tasks: Promise<unknown>[] = [
    sendEmail({ to: user.email, subject: mail.subject, text: mail.text, html: mail.html }),
  ];
  // Outside the 24-hour window only a tagged message is allowed: CONFIRMED_EVENT_UPDATE.
  if (user.psid) tasks.push(sendText(user.psid, mail.chatText, { tag: 'CONFIRMED_EVENT_UPDATE' }));
  const results = await Promise.allSettled(tasks);
  for (const r of results) {
    if (r.status === 'rejected' && !(r.reason instanceof GraphApiError && r.reason.userUnreachable))
      logger.warn('reminder channel failed', { appointmentId: a.appointmentId, error: r.reason as Error });
  }
  return 'sent';
}

/** Every 15 minutes: a reminder for each booked appointment starting in ~24 h, once. */
export const handler = async (event: { now?: string } = {}): Promise<{ sent: number; skipped: number }> => {
  const now = event.now ? Date.parse(event.now) : Date.now();
  const from = DateTime.fromMillis(now + DAY_MS)
    .toUTC()
    .toISO() as string;
  const to = DateTime.fromMillis(now + DAY_MS + LOOKAHEAD_MS)
    .toUTC()
    .toISO() as string;
  const due = await listAppointments({ from, to, status: 'booked' });
  const counts = { sent: 0, skipped: 0 };
  for (const a of due) {
    try {
      counts[await remind(a)] += 1;
    } catch (err) {
      logger.error('reminder failed', {
        appointmentId: a.appointmentId,
        userHash: hashId(a.userId, 'user:'),
        error: err as Error,
      });
    }
  }
  logger.info('reminders run', { ...counts, due: due.length });
  return counts;
};
