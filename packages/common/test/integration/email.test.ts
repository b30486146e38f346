import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  bookAppointment,
  cancelAppointment,
  createConsultant,
  createService,
  rescheduleAppointment,
  setMessengerNotifier,
} from '../../src/booking/index';
import { type SendEmailRequest, sesTransport } from '../../src/email/index';
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

describe('the SES transport (one signed fetch)', () => {
  /** A loopback stand-in for SES that records each request and answers with `reply`. */
  async function fakeSes(reply: { status: number; headers?: Record<string, string>; body: string }) {
    const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
  }

  const request: SendEmailRequest = {
    FromEmailAddress: 'no-reply@bookingbot.local',
    Destination: { ToAddresses: ['khach@example.com'] },
    Content: {
      Simple: {
        Subject: { Data: 'Đã đặt lịch', Charset: 'UTF-8' },
        Body: { Text: { Data: 'Xin chào', Charset: 'UTF-8' } },
      },
    },
  };

  it('It should POST the SendEmail body to /v2/email/outbound-emails signed for the ses service', async () => {
    // Arrange
    const ses = await fakeSes({ status: 200, body: '{"MessageId":"m-1"}' });
    try {
      // Act
      await sesTransport({ endpoint: ses.url, region: 'ap-southeast-1', retries: 0 })(request);

      // Assert
      expect(ses.seen).toHaveLength(1);
      expect(ses.seen[0]).toMatchObject({ method: 'POST', url: '/v2/email/outbound-emails' });
      expect(ses.seen[0]?.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/ap-southeast-1\/ses\/aws4_request/,
      );
      expect(JSON.parse(ses.seen[0]?.body ?? '')).toEqual(request);
    } finally {
      await ses.close();
    }
  });

  it("It should reject with SES's error type when SES refuses the message", async () => {
    // Arrange
    const ses = await fakeSes({
      status: 400,
      headers: {
        'x-amzn-errortype': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/',
      },
      body: '{"message":"Email address is not verified."}',
    });
    try {
      // Act
      const error = await sesTransport({ endpoint: ses.url, retries: 0 })(request).catch((e: unknown) => e);

      // Assert
      expect(error).toMatchObject({ name: 'MessageRejected', status: 400 });
      expect(String((error as Error).message)).toContain('Email address is not verified.');
    } finally {
      await ses.close();
    }
  });
});
