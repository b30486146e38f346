import { encodePayload } from '../../src/conversation/payloads';
import type { Turn } from '../../src/conversation/types';
import { CODE, chat, fakeWorld, offered, textsOf } from './support/fake-ports';

/**
 * The conversation machine with fake ports: each step's prompt, typed text and payloads, and the
 * defects of issue 12 as regressions (typed "yes" bookings, forged payloads, free-text jumps).
 */
const customer = { userId: 'u-1', email: 'lan@example.com' };
const pick = (turn: Turn, kind: string) => {
  const found = offered(turn).find((o) => o.payload.startsWith(`v1:${kind}`));
  if (!found) throw new Error(`no ${kind} offered in ${JSON.stringify(turn.replies)}`);
  return found.payload;
};

/** Menu → Book → Consultation → first day → first time: the confirm prompt of a linked customer. */
async function toConfirm(c: ReturnType<typeof chat>) {
  const services = await c.tap('BOOK');
  const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
  expect(services.step.step).toBe('service');
  const times = await c.tap(pick(days, 'DAY'));
  return c.tap(pick(times, 'TIME'));
}

describe('the conversation machine', () => {
  it('It should book twice when the customer confirms two bookings by typing "yes"', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);

    // Act
    const first = await toConfirm(c);
    const booked1 = await c.text('yes');
    const second = await toConfirm(c);
    const booked2 = await c.text('yes');

    // Assert
    expect(first.step.step).toBe('confirm');
    expect(second.step.step).toBe('confirm');
    expect(textsOf(booked1)).toMatch(/^Booked!/);
    expect(textsOf(booked2)).toMatch(/^Booked!/);
    expect([...world.appointments.values()].filter((a) => a.status === 'booked')).toHaveLength(2);
    expect(new Set(world.bookings.map((b) => b.key)).size).toBe(2);
  });

  it('It should book for real when a cancelled slot is booked again by typing "yes"', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await toConfirm(c);
    await c.text('yes');
    const [appt] = [...world.appointments.values()];
    await c.tap(encodePayload({ kind: 'APPT_CANCEL', appointmentId: appt?.appointmentId ?? '' }));
    await c.text('yes');

    // Act
    await toConfirm(c);
    const rebooked = await c.text('yes');

    // Assert
    expect(world.appointments.get(appt?.appointmentId ?? '')?.status).toBe('cancelled');
    expect(textsOf(rebooked)).toMatch(/^Booked!/);
    const booked = [...world.appointments.values()].filter((a) => a.status === 'booked');
    expect(booked).toHaveLength(1);
    expect(booked[0]?.appointmentId).not.toBe(appt?.appointmentId);
  });

  it('It should return the same appointment when the same confirmation event is decided again', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    const confirm = await toConfirm(c);

    // Act
    const once = await c.run({ payload: { kind: 'CONFIRM_BOOK' }, eventId: 'm_same' });
    await c.run({ payload: { kind: 'MENU' }, eventId: 'm_menu' });
    const state = { step: confirm.step, locale: confirm.locale };
    const { decide } = await import('../../src/conversation/machine');
    const again = await decide(
      state,
      { payload: { kind: 'CONFIRM_BOOK' }, eventId: 'm_same' },
      {
        psid: 'psid-1',
        user: customer,
        zone: 'Asia/Ho_Chi_Minh',
        now: new Date('2026-12-01T01:30:00Z'),
      },
      world.ports,
    );

    // Assert
    expect(textsOf(once)).toMatch(/^Booked!/);
    expect(textsOf(again)).toMatch(/^Booked!/);
    expect(world.appointments.size).toBe(1);
  });

  it.each([
    ['a corrupted time', 'v1:TIME:Invalid DateTime|cons-linh'],
    ['a timestamp beyond the date range', 'v1:TIME:+275760-09-13T00:00:00.000Z|cons-linh'],
    ['a service payload with 10 KB appended', `v1:SVC:svc-consult${'x'.repeat(10_000)}`],
    ['garbage', '%%%'],
  ])('It should show the time step again with a hint after %s, booking nothing', async (_what, raw) => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await c.tap('BOOK');
    const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
    await c.tap(pick(days, 'DAY'));

    // Act
    const turn = await c.tap(raw);

    // Assert
    expect(turn.step.step).toBe('time');
    expect(textsOf(turn)).toMatch(/Please pick one of the times below/);
    expect(offered(turn).some((o) => o.payload.startsWith('v1:TIME:'))).toBe(true);
    expect(world.bookings).toEqual([]);
  });

  it('It should refuse a well-formed far-future time the day does not offer, showing the free times', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await c.tap('BOOK');
    const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
    await c.tap(pick(days, 'DAY'));

    // Act
    const turn = await c.tap(
      encodePayload({ kind: 'TIME', start: '2099-01-01T02:00:00.000Z', consultantId: 'cons-linh' }),
    );

    // Assert
    expect(turn.step.step).toBe('time');
    expect(textsOf(turn)).toMatch(/just taken/);
    expect(world.bookings).toEqual([]);
  });

  it('It should show the current step again when a valid payload does not belong to it', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await c.tap('BOOK');

    // Act: Confirm while choosing a service
    const turn = await c.tap(encodePayload({ kind: 'CONFIRM_BOOK' }));

    // Assert
    expect(turn.step).toEqual({ step: 'service', page: 0 });
    expect(textsOf(turn)).toMatch(/pick a service/);
    expect(world.bookings).toEqual([]);
  });

  it('It should link the email by OTP before the confirm prompt, then book on Confirm', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world);
    await c.tap('BOOK');
    const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
    const times = await c.tap(pick(days, 'DAY'));

    // Act
    const ask = await c.tap(pick(times, 'TIME'));
    const bad = await c.text('not-an-email');
    const sent = await c.text('lan@example.com');
    const wrong = await c.text('000000');
    const confirm = await c.text(CODE);
    const booked = await c.tap(pick(confirm, 'CONFIRM_BOOK'));

    // Assert
    expect([ask, bad, sent, wrong].map((t) => t.step.step)).toEqual(['email', 'email', 'code', 'code']);
    expect(textsOf(wrong)).toMatch(/wrong or has expired/);
    expect(textsOf(confirm)).toMatch(/email is verified/);
    expect(world.linked.get('psid-1')).toBe('u-lan@example.com');
    expect(textsOf(booked)).toMatch(/^Booked!/);
  });

  it('It should ask for the sign-in code email in the language of the chat', async () => {
    // Arrange: a customer writing Vietnamese, not linked yet
    const world = fakeWorld();
    const c = chat(world);
    await c.text('đặt lịch');
    const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
    const times = await c.tap(pick(days, 'DAY'));
    await c.tap(pick(times, 'TIME'));

    // Act
    const sent = await c.text('lan@example.com');
    await c.text('gửi lại');

    // Assert
    expect(c.state.locale).toBe('vi');
    expect(sent.step.step).toBe('code');
    expect(world.otpRequests).toEqual([
      { email: 'lan@example.com', locale: 'vi' },
      { email: 'lan@example.com', locale: 'vi' },
    ]);
  });

  it('It should jump to the confirm prompt from one free-text message with a free slot, saying what it understood', async () => {
    // Arrange
    const world = fakeWorld();
    world.setNlu(() => ({ intent: 'book', serviceId: 'svc-consult', date: '2026-12-02', time: '15:00' }));
    const c = chat(world, customer);

    // Act
    const turn = await c.text('book a consultation tomorrow at 3pm');

    // Assert
    expect(turn.step.step).toBe('confirm');
    expect(textsOf(turn)).toMatch(/Got it: Consultation on Wed 2 Dec 2026, 15:00/);
    expect(world.bookings).toEqual([]);
  });

  it('It should ask the email first when an unlinked customer names a free slot', async () => {
    // Arrange
    const world = fakeWorld();
    world.setNlu(() => ({
      intent: 'book',
      serviceId: 'svc-intro',
      date: '2026-12-03',
      time: '10:00',
      locale: 'vi',
    }));
    const c = chat(world);

    // Act
    const turn = await c.text('cho tôi đặt cuộc gọi giới thiệu lúc 10h ngày 3/12');

    // Assert
    expect(turn.step).toMatchObject({
      step: 'email',
      resume: { kind: 'confirm', flow: { serviceId: 'svc-intro' } },
    });
    expect(turn.locale).toBe('vi');
    expect(textsOf(turn)).toMatch(/Đã hiểu: Intro call/);
  });

  it('It should offer only the free times of a part of the day', async () => {
    // Arrange
    const world = fakeWorld();
    world.setNlu(() => ({
      intent: 'book',
      serviceId: 'svc-consult',
      date: '2026-12-04',
      range: { from: '12:00', to: '18:00' },
    }));
    const c = chat(world, customer);

    // Act
    const turn = await c.text('an afternoon consultation on Friday');

    // Assert
    const times = offered(turn)
      .filter((o) => o.payload.startsWith('v1:TIME:'))
      .map((o) => o.title);
    expect(turn.step).toMatchObject({
      step: 'time',
      day: '2026-12-04',
      range: { from: '12:00', to: '18:00' },
    });
    expect(times).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00']);
  });

  it('It should offer the nearest free times when the named time is taken', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    world.setNlu(() => ({ intent: 'book', serviceId: 'svc-consult', date: '2026-12-02', time: '15:00' }));
    await c.text('book tomorrow 3pm');
    await c.text('yes');

    // Act
    const turn = await c.text('book tomorrow 3pm');

    // Assert
    expect(turn.step).toMatchObject({ step: 'time', day: '2026-12-02' });
    expect(textsOf(turn)).toMatch(
      /15:00 on Wed 2 Dec is not free\. The nearest free times: 13:00, 14:00, 16:00\./,
    );
  });

  it('It should accept a typed time at the time step', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await c.tap('BOOK');
    const days = await c.tap(encodePayload({ kind: 'SVC', serviceId: 'svc-consult' }));
    await c.tap(pick(days, 'DAY'));

    // Act
    const turn = await c.text('15:00');

    // Assert
    expect(turn.step.step).toBe('confirm');
  });

  it('It should hand over to a person from any step, and leave a flow on "cancel"', async () => {
    // Arrange
    const world = fakeWorld();
    const c = chat(world, customer);
    await c.tap('BOOK');

    // Act
    const left = await c.text('cancel');
    await c.tap('BOOK');
    const person = await c.text('I want to talk to a human');

    // Assert
    expect(left.step).toEqual({ step: 'idle' });
    expect(textsOf(left)).toMatch(/OK, cancelled/);
    expect(person.handover).toBe(true);
    expect(person.replies.at(-1)).toEqual({ type: 'handover', metadata: 'customer asked for a person' });
  });
});
