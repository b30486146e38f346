import { randomUUID } from 'node:crypto';
import {
  bookAppointment,
  cancelAppointment,
  createConsultant,
  createService,
  rescheduleAppointment,
  setMessengerNotifier,
} from '../../src/booking/index';
import { requestOtp } from '../../src/otp/index';
import { findOrCreateUserByEmail, updateUser } from '../../src/users/index';

/** A mail as SES local's `/store` lists it. */
interface StoredMail {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
  attachments: { filename: string; contentType: string; content: string }[];
}

const SES = process.env.SES_ENDPOINT as string;

async function mailsTo(address: string): Promise<StoredMail[]> {
  const { emails } = (await (await fetch(`${SES}/store`)).json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.some((to) => to.includes(address)));
}

const ics = (mail: StoredMail | undefined) => {
  const file = mail?.attachments[0];
  return { file, text: file ? Buffer.from(file.content, 'base64').toString('utf8') : '' };
};

const allDay = [{ start: '00:00', end: '24:00' }];
async function bookable() {
  const service = await createService({ name: `Tư vấn ${randomUUID().slice(0, 8)}`, durationMinutes: 30 });
  const consultant = await createConsultant({
    name: 'Linh Nguyen',
    timeZone: 'Asia/Ho_Chi_Minh',
    serviceIds: [service.serviceId],
    weeklyHours: {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    },
  });
  return { serviceId: service.serviceId, consultantId: consultant.consultantId };
}

async function customer(locale: string, name?: string) {
  const { user } = await findOrCreateUserByEmail(`mail-${randomUUID()}@example.com`);
  return updateUser(user.userId, { locale, timeZone: 'Asia/Ho_Chi_Minh', ...(name ? { name } : {}) });
}

const day = (days: number, hhmm: string) =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}:00.000Z`;

jest.setTimeout(60_000);
beforeAll(() => setMessengerNotifier(async () => undefined));
afterAll(() => setMessengerNotifier(undefined));

describe('confirmation emails through SES local', () => {
  it('It should confirm, move and cancel in Vietnamese with one calendar event (same UID, rising SEQUENCE, then CANCEL)', async () => {
    // Arrange
    const user = await customer('vi-VN', 'An <b>');
    const ids = await bookable();
    const actor = { kind: 'user' as const, userId: user.userId };

    // Act
    const { appointment } = await bookAppointment({
      ...ids,
      userId: user.userId,
      start: day(3, '03:00'),
      channel: 'web',
      actor,
    });
    const moved = await rescheduleAppointment(
      appointment.appointmentId,
      { start: day(4, '04:00') },
      { actor, channel: 'web', userId: user.userId },
    );
    await cancelAppointment(appointment.appointmentId, { actor, channel: 'web', userId: user.userId });
    const [booked, rescheduled, cancelled] = await mailsTo(user.email);

    // Assert: the language, the text part, the HTML escaping
    expect(booked?.subject).toMatch(/^Đã đặt lịch: Tư vấn .+, Thứ .+ lúc 10:00 \(GMT\+7\)$/);
    expect(booked?.body.text).toContain('Chào An <b>,');
    expect(booked?.body.text).toContain('Lịch hẹn của bạn đã được đặt');
    expect(booked?.body.html).toContain('Chào An &#60;b&#62;,');
    expect(rescheduled?.subject).toMatch(/^Đã dời lịch: .+ lúc 11:00 \(GMT\+7\)$/);
    expect(rescheduled?.body.text).toContain('Lịch cũ:');
    expect(cancelled?.subject).toMatch(/^Đã hủy lịch: /);

    // Assert: the calendar files
    const first = ics(booked);
    const second = ics(rescheduled);
    const third = ics(cancelled);
    expect(first.file).toMatchObject({
      filename: 'invite.ics',
      contentType: expect.stringMatching(/^text\/calendar/),
    });
    expect(first.text).toContain('METHOD:REQUEST');
    expect(first.text).toContain(`UID:${appointment.appointmentId}@bookingbot`);
    expect(first.text).toContain(`SEQUENCE:${appointment.version}`);
    expect(first.text).toContain(`ATTENDEE`);
    expect(second.text).toContain('METHOD:REQUEST');
    expect(second.text).toContain(`UID:${appointment.appointmentId}@bookingbot`);
    expect(second.text).toContain(`SEQUENCE:${moved.version}`);
    expect(moved.version).toBeGreaterThan(appointment.version);
    expect(third.file?.filename).toBe('cancel.ics');
    expect(third.text).toContain('METHOD:CANCEL');
    expect(third.text).toContain('STATUS:CANCELLED');
    expect(third.text).toContain(`UID:${appointment.appointmentId}@bookingbot`);
  });

  it('It should confirm in English for a customer whose locale is English', async () => {
    // Arrange
    const user = await customer('en-GB');
    const ids = await bookable();

    // Act
    await bookAppointment({
      ...ids,
      userId: user.userId,
      start: day(5, '02:00'),
      channel: 'web',
      actor: { kind: 'user', userId: user.userId },
    });
    const [mail] = await mailsTo(user.email);

    // Assert
    expect(mail?.subject).toMatch(/^Booked: Tư vấn .+ at 09:00 \(GMT\+7\)$/);
    expect(mail?.body.text).toContain('Your appointment is booked: Tư vấn');
    expect(ics(mail).text).toContain('METHOD:REQUEST');
  });

  it('It should send the sign-in code in the language asked for', async () => {
    // Arrange
    const address = `otp-vi-${randomUUID()}@example.com`;

    // Act
    await requestOtp({
      email: address,
      ip: `10.9.${Math.floor(Math.random() * 250)}.1`,
      channel: 'messenger',
      locale: 'vi',
    });
    const [mail] = await mailsTo(address);

    // Assert
    expect(mail?.subject).toMatch(/^\d{6} là mã Bookingbot của bạn$/);
    expect(mail?.body.text).toMatch(/^Mã của bạn: \d{6}/);
    expect(mail?.body.html).toContain('<html lang="vi">');
    expect(mail?.attachments).toEqual([]);
  });
});
