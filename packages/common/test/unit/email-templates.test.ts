import type { Appointment } from '../../src/booking/model';
import { appointmentInvite, bookingEmail, reminderEmail, signInCodeEmail } from '../../src/email/index';
import { t, toLocale } from '../../src/i18n/index';
import { appointmentFixture } from '../support/appointment';

const appointment = (overrides: Partial<Appointment> = {}): Appointment =>
  appointmentFixture({
    serviceName: 'Tư vấn <b>1:1</b>',
    consultantName: 'Linh & "Co"',
    history: [{ at: '2026-12-01T00:00:00.000Z', action: 'booked', channel: 'web', by: { kind: 'user' } }],
    ...overrides,
  });

describe('booking emails from the one catalog', () => {
  it('It should write the confirmation in Vietnamese, the time in the customer zone', () => {
    // Act
    const mail = bookingEmail({ change: 'booked', appointment: appointment(), locale: 'vi', name: 'An' });

    // Assert
    expect(mail.subject).toBe('Đã đặt lịch: Tư vấn <b>1:1</b>, Thứ Năm, ngày 3/12/2026 lúc 15:00 (GMT+7)');
    expect(mail.text).toContain('Chào An,');
    expect(mail.text).toContain('Lịch hẹn của bạn đã được đặt: Tư vấn <b>1:1</b> với Linh & "Co"');
    expect(mail.text).toContain('invite.ics');
    expect(mail.html).toContain('<html lang="vi">');
  });

  it('It should write the confirmation in English with the same facts', () => {
    // Act
    const mail = bookingEmail({ change: 'booked', appointment: appointment(), locale: 'en' });

    // Assert
    expect(mail.subject).toBe('Booked: Tư vấn <b>1:1</b>, Thursday 3 December 2026 at 15:00 (GMT+7)');
    expect(mail.text.startsWith('Hello,')).toBe(true);
    expect(mail.chatText).toBe(
      'Your appointment is booked: Tư vấn <b>1:1</b> with Linh & "Co", Thursday 3 December 2026 at 15:00 (GMT+7).',
    );
  });

  it('It should escape every value people typed in the HTML part, and only there', () => {
    // Arrange
    const appt = appointment({ status: 'cancelled', cancelReason: '<img src=x onerror=alert(1)>' });

    // Act
    const mail = bookingEmail({
      change: 'cancelled',
      appointment: appt,
      locale: 'en',
      name: '<script>x</script>',
    });

    // Assert
    expect(mail.html).not.toMatch(/<b>|<img|<script>/);
    expect(mail.html).toContain('Tư vấn &#60;b&#62;1:1&#60;/b&#62;');
    expect(mail.html).toContain('Linh &#38; &#34;Co&#34;');
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(mail.text).toContain('Reason: <img src=x onerror=alert(1)>.');
  });

  it('It should say where a rescheduled appointment was before', () => {
    // Arrange
    const from = {
      start: '2026-12-02T08:00:00.000Z',
      end: '2026-12-02T08:30:00.000Z',
      consultantId: 'con-1',
    };
    const appt = appointment({
      version: 2,
      history: [
        ...appointment().history,
        { at: '2026-12-01T01:00:00.000Z', action: 'rescheduled', channel: 'web', by: { kind: 'user' }, from },
      ],
    });

    // Act
    const vi = bookingEmail({ change: 'rescheduled', appointment: appt, locale: 'vi' });

    // Assert
    expect(vi.subject.startsWith('Đã dời lịch:')).toBe(true);
    expect(vi.text).toContain('Lịch cũ: Thứ Tư, ngày 2/12/2026 lúc 15:00 (GMT+7).');
  });

  it('It should write the reminder and the sign-in code in the customer language', () => {
    // Act
    const reminder = reminderEmail({ appointment: appointment(), locale: 'vi' });
    const code = signInCodeEmail({ code: '012345', channel: 'messenger', ttlSeconds: 600, locale: 'vi' });

    // Assert
    expect(reminder.subject.startsWith('Nhắc lịch: Tư vấn')).toBe(true);
    expect(code.subject).toBe('012345 là mã Bookingbot của bạn');
    expect(code.text.split('\n')[0]).toBe('Mã của bạn: 012345');
    expect(code.text).toContain('10 phút');
    expect(code.text).toContain('Messenger');
    expect(code.html).toContain('>012345</p>');
  });

  it('It should map stored locale tags to en or vi, and have every email key in both', () => {
    // Assert
    expect([
      toLocale('vi'),
      toLocale('vi-VN'),
      toLocale('en-GB'),
      toLocale(undefined),
      toLocale('fr'),
    ]).toEqual(['vi', 'vi', 'en', 'en', 'en']);
    expect(t('vi', 'email.signature')).not.toBe(t('en', 'email.signature'));
  });
});

describe('calendar invites', () => {
  const organizer = { name: 'Bookingbot', email: 'no-reply@bookingbot.local' };
  const attendee = { email: 'an@example.com', name: 'An' };

  it('It should invite with METHOD:REQUEST, a UID per appointment and SEQUENCE = its version', async () => {
    // Act
    const first = await appointmentInvite({
      appointment: appointment(),
      method: 'REQUEST',
      locale: 'en',
      organizer,
      attendee,
    });
    const moved = await appointmentInvite({
      appointment: appointment({
        version: 2,
        start: '2026-12-04T08:00:00.000Z',
        end: '2026-12-04T08:30:00.000Z',
      }),
      method: 'REQUEST',
      locale: 'en',
      organizer,
      attendee,
    });

    // Assert
    expect(first).toContain('METHOD:REQUEST');
    expect(first).toContain('UID:appt-1@bookingbot');
    expect(first).toContain('SEQUENCE:1');
    expect(first).toContain('DTSTART:20261203T080000Z');
    expect(first).toContain('STATUS:CONFIRMED');
    expect(moved).toContain('UID:appt-1@bookingbot');
    expect(moved).toContain('SEQUENCE:2');
    expect(moved).toContain('DTSTART:20261204T080000Z');
  });

  it('It should cancel with METHOD:CANCEL and STATUS:CANCELLED on the same UID', async () => {
    // Act
    const ics = await appointmentInvite({
      appointment: appointment({ status: 'cancelled', version: 3 }),
      method: 'CANCEL',
      locale: 'vi',
      organizer,
      attendee,
    });

    // Assert
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('STATUS:CANCELLED');
    expect(ics).toContain('UID:appt-1@bookingbot');
    expect(ics).toContain('SEQUENCE:3');
  });
});
