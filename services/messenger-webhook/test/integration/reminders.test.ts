import { randomBytes, randomInt } from 'node:crypto';
import { bookAppointment, createConsultant, createService } from '@bookingbot/common/booking';
import { touchInbound } from '@bookingbot/common/messenger';
import { findOrCreateUserByEmail, linkPsid, updateUser } from '@bookingbot/common/users';
import { handler } from '../../src/functions/reminders/handler';

/**
 * The scheduled reminder against DynamoDB Local, SES local and the Messenger simulator: a tagged
 * message and an email 24 h ahead, once even when runs overlap.
 */
const SIM = process.env.GRAPH_API_URL as string;
jest.setTimeout(30_000);
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

async function bookedCustomer(startInMs: number, locale?: string) {
  const service = await createService({
    name: `Reminder ${randomBytes(3).toString('hex')}`,
    durationMinutes: 30,
  });
  const consultant = await createConsultant({
    name: 'Hoa',
    serviceIds: [service.serviceId],
    timeZone: 'UTC',
    weeklyHours: Object.fromEntries(WEEK.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  });
  const email = `remind-${randomBytes(5).toString('hex')}@example.com`;
  const { user } = await findOrCreateUserByEmail(email);
  if (locale) await updateUser(user.userId, { locale });
  const psid = `7${String(randomInt(1e14, 2.8e14))}`;
  await linkPsid(user.userId, psid);
  // A start on the 15-minute grid, `startInMs` from now.
  const start = new Date(Math.ceil((Date.now() + startInMs) / 900_000) * 900_000);
  const { appointment } = await bookAppointment({
    userId: user.userId,
    serviceId: service.serviceId,
    consultantId: consultant.consultantId,
    start: start.toISOString(),
    channel: 'web',
    actor: { kind: 'user', userId: user.userId },
  });
  return { appointment, email, psid };
}

async function sentTo(psid: string) {
  const res = await fetch(`${SIM}/__sim/messages?psid=${psid}`);
  return (
    (await res.json()) as {
      outbound: { message?: { text?: string }; messagingType?: string; tag?: string }[];
    }
  ).outbound;
}

async function mailsTo(email: string) {
  const res = await fetch(`${process.env.SES_ENDPOINT}/store`);
  const { emails } = (await res.json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { html?: string } }[];
  };
  return emails.filter((m) => m.destination.to.some((t) => t.includes(email)));
}

describe('the appointment reminder', () => {
  it('It should remind by tagged Messenger message and email 24 h ahead, once across overlapping runs', async () => {
    // Arrange: the customer last wrote 3 days ago, so only a tagged message may go out
    const { appointment, email, psid } = await bookedCustomer(25 * 3600 * 1000);
    await touchInbound(psid, Date.now() - 3 * 86400 * 1000);
    const runAt = new Date(Date.parse(appointment.start) - 24 * 3600 * 1000 - 5 * 60_000).toISOString();

    // Act
    const first = await handler({ now: runAt });
    const second = await handler({ now: runAt });

    // Assert
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(second.sent).toBe(0);
    const messages = (await sentTo(psid)).filter((m) =>
      m.message?.text?.startsWith('A reminder of your appointment:'),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' });
    expect(messages[0]?.message?.text).toContain(appointment.serviceName);
    const mails = (await mailsTo(email)).filter((m) => m.subject.startsWith('Reminder:'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body.html).toContain('<p>A reminder of your appointment:');
  });

  it('It should remind a Vietnamese customer in Vietnamese, by chat and email', async () => {
    // Arrange
    const { appointment, email, psid } = await bookedCustomer(25 * 3600 * 1000, 'vi-VN');
    const runAt = new Date(Date.parse(appointment.start) - 24 * 3600 * 1000 - 5 * 60_000).toISOString();

    // Act
    await handler({ now: runAt });

    // Assert
    const texts = (await sentTo(psid)).map((m) => m.message?.text ?? '');
    expect(texts.filter((t) => t.startsWith('Nhắc bạn lịch hẹn:'))).toHaveLength(1);
    expect((await mailsTo(email)).filter((m) => m.subject.startsWith('Nhắc lịch:'))).toHaveLength(1);
  });

  it('It should not remind an appointment that is further than 24 h away yet', async () => {
    // Arrange
    const { appointment, psid } = await bookedCustomer(30 * 3600 * 1000);
    const runAt = new Date(Date.parse(appointment.start) - 26 * 3600 * 1000).toISOString();

    // Act
    await handler({ now: runAt });

    // Assert
    const reminders = (await sentTo(psid)).filter((m) =>
      m.message?.text?.startsWith('A reminder of your appointment:'),
    );
    expect(reminders).toHaveLength(0);
  });
});
