import { randomBytes } from 'node:crypto';
import {
  createConsultant,
  createService,
  getAppointment,
  listUserAppointments,
} from '@bookingbot/common/booking';
import { loadConversation, saveConversation } from '@bookingbot/common/conversation';
import { findOrCreateUserByEmail, getUserByPsid, linkPsid, updateUser } from '@bookingbot/common/users';
import { DateTime } from 'luxon';
import { bearer, inbox, latestCode, signInAdmin } from '../../../../test/support/auth';
import {
  botMessages,
  deliver,
  GRAPH_API_URL,
  postbackEvent,
  quickReplies,
  quickReplyEvent,
  randomEmail,
  randomPsid,
  type SimMessage,
  simSeq,
  textEvent,
  textOf,
  waitForBot,
} from './helpers';

/**
 * The whole booking conversation over HTTP on the offline stack: Meta-signed webhook POSTs in,
 * Send API calls out to the simulator, the OTP mailed through SES local, the appointment in
 * DynamoDB Local. Each test uses its own PSID, email and service.
 */
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const allWeek = Object.fromEntries(WEEK.map((d) => [d, [{ start: '00:00', end: '24:00' }]]));

async function seedCatalog() {
  const name = `Cut ${randomBytes(3).toString('hex')}`;
  const service = await createService({ name, durationMinutes: 30 });
  const consultant = await createConsultant({
    name: `Linh ${randomBytes(2).toString('hex')}`,
    serviceIds: [service.serviceId],
    timeZone: 'Asia/Ho_Chi_Minh',
    weeklyHours: allWeek,
  });
  return { service, consultant };
}

/** A conversation with one customer: send, then wait for the bot's answer ending with `until`. */
function chat(psid: string) {
  let since = 0;
  const step = async (event: Record<string, unknown>, until: (last: SimMessage) => boolean) => {
    since = await simSeq();
    await deliver([event]);
    const msgs = await waitForBot(psid, (m) => m.length > 0 && until(m.at(-1) as SimMessage), { since });
    return { msgs, last: msgs.at(-1) as SimMessage };
  };
  return {
    text: (text: string, until: (last: SimMessage) => boolean) => step(textEvent(psid, text), until),
    quick: (title: string, payload: string, until: (last: SimMessage) => boolean) =>
      step(quickReplyEvent(psid, title, payload), until),
    postback: (payload: string, until: (last: SimMessage) => boolean) =>
      step(postbackEvent(psid, payload), until),
  };
}

/** A payload without the codec's version prefix (`v1:SVC:…` → `SVC:…`). */
const bare = (payload: string) => payload.replace(/^v1:/, '');
const hasQuick = (payloadPrefix: string) => (m: SimMessage) =>
  quickReplies(m).some((q) => bare(q.payload).startsWith(payloadPrefix));
const buttonsOf = (m: SimMessage) => m.message?.attachment?.payload.buttons ?? [];
const isTemplate = (type: string) => (m: SimMessage) => m.message?.attachment?.payload.template_type === type;

/** Follows "More services" pages until the service's quick reply shows up. */
async function pickService(c: ReturnType<typeof chat>, last: SimMessage, serviceId: string) {
  let current = last;
  for (let page = 0; page < 20; page++) {
    const mine = quickReplies(current).find((q) => bare(q.payload) === `SVC:${serviceId}`);
    if (mine) return c.quick(mine.title, mine.payload, hasQuick('DAY:'));
    const more = quickReplies(current).find((q) => bare(q.payload).startsWith('SVCS:'));
    if (!more) break;
    current = (await c.quick(more.title, more.payload, hasQuick('SVC'))).last;
  }
  throw new Error('the service was not offered');
}

describe('the booking conversation on the offline stack', () => {
  it('It should book, reschedule and cancel an appointment in chat, linking the PSID through the emailed OTP', async () => {
    // Arrange
    const { service } = await seedCatalog();
    const psid = randomPsid();
    const email = randomEmail();
    const c = chat(psid);

    // Act 1: Get Started → Book → service → day → time
    const welcome = await c.postback('GET_STARTED', hasQuick('BOOK'));
    expect(textOf(welcome.last)).toMatch(/book, move or cancel/);
    const services = await c.quick('Book an appointment', 'BOOK', hasQuick('SVC'));
    const days = await pickService(c, services.last, service.serviceId);
    const day = quickReplies(days.last)[0] as { title: string; payload: string };
    const times = await c.quick(day.title, day.payload, hasQuick('TIME:'));
    expect(quickReplies(times.last).length).toBeLessThanOrEqual(13);
    expect(quickReplies(times.last).some((q) => bare(q.payload).startsWith('TIMES:'))).toBe(true);
    const time = quickReplies(times.last)[0] as { title: string; payload: string };
    const askEmail = await c.quick(time.title, time.payload, (m) => /email/i.test(textOf(m)));

    // Act 2: a wrong email is re-asked, the right one gets a code, the code links the PSID
    // The re-ask is two messages (the hint, then the question again): wait for the whole turn, as a
    // customer reads it, before typing the address.
    const reask = await c.text('not-an-email', hasQuick('CANCEL_FLOW'));
    const codeSent = await c.text(email, (m) => /6-digit code/.test(textOf(m)));
    const code = await latestCode(email, { timeoutMs: 5000 });
    const confirm = await c.text(code, isTemplate('button'));

    // Assert 1
    expect(textOf(askEmail.last)).toMatch(/email address/);
    expect(reask.msgs.map(textOf).join('\n')).toMatch(/does not look like an email.*name@example.com/);
    expect(textOf(codeSent.last)).toContain(email);
    expect(confirm.msgs.map(textOf).join('\n')).toMatch(/email is verified/);
    expect(buttonsOf(confirm.last).map((b) => bare(b.payload))).toEqual([
      'CONFIRM_BOOK',
      'DAYS',
      'CANCEL_FLOW',
    ]);
    const user = await getUserByPsid(psid);
    expect(user?.email).toBe(email);

    // Act 3: confirm
    const booked = await c.postback('v1:CONFIRM_BOOK', hasQuick('MY_APPTS'));

    // Assert 2: booked in DynamoDB, confirmed in chat and by email
    expect(booked.msgs.map(textOf).join('\n')).toMatch(new RegExp(`Booked! ${service.name}`));
    const { items } = await listUserAppointments(user?.userId as string);
    expect(items).toHaveLength(1);
    const appt = items[0];
    expect(appt).toMatchObject({ status: 'booked', channel: 'messenger', serviceId: service.serviceId });
    expect(appt?.start).toBe(bare(time.payload).slice('TIME:'.length).split('|')[0]);
    await waitForMail(email, /Booked/);

    // Act 4: My appointments → Reschedule → other day/time → confirm
    const list = await c.quick('My appointments', 'MY_APPTS', isTemplate('generic'));
    const element = list.last.message?.attachment?.payload.elements?.[0];
    expect(element?.title).toBe(service.name);
    const reschedButton = element?.buttons?.find((b) => bare(b.payload).startsWith('APPT_RESCHED:'));
    const rDays = await c.postback(reschedButton?.payload as string, hasQuick('DAY:'));
    const rDay = quickReplies(rDays.last).at(-2) as { title: string; payload: string }; // the last day offered
    const rTimes = await c.quick(rDay.title, rDay.payload, hasQuick('TIME:'));
    const rTime = quickReplies(rTimes.last)[1] as { title: string; payload: string };
    const rConfirm = await c.quick(rTime.title, rTime.payload, isTemplate('button'));
    expect(bare(buttonsOf(rConfirm.last)[0]?.payload ?? '')).toBe('RESCHED_YES');
    const moved = await c.postback('v1:RESCHED_YES', hasQuick('BOOK'));

    // Assert 3
    expect(moved.msgs.map(textOf).join('\n')).toMatch(/is now on/);
    const afterMove = await getAppointment(appt?.appointmentId as string);
    expect(afterMove?.start).toBe(bare(rTime.payload).slice('TIME:'.length).split('|')[0]);
    expect(afterMove?.status).toBe('booked');

    // Act 5: cancel, confirming first
    const list2 = await c.text('my appointments', isTemplate('generic'));
    const cancelButton = list2.last.message?.attachment?.payload.elements?.[0]?.buttons?.find((b) =>
      bare(b.payload).startsWith('APPT_CANCEL:'),
    );
    const ask = await c.postback(cancelButton?.payload as string, isTemplate('button'));
    const yes = buttonsOf(ask.last).find((b) => bare(b.payload).startsWith('APPT_CANCEL_YES:'));
    const cancelled = await c.postback(yes?.payload as string, hasQuick('BOOK'));

    // Assert 4
    expect(cancelled.msgs.map(textOf).join('\n')).toMatch(/is cancelled/);
    expect((await getAppointment(appt?.appointmentId as string))?.status).toBe('cancelled');
  }, 120_000);

  it('It should answer Vietnamese keywords in Vietnamese and leave a flow on “hủy”', async () => {
    // Arrange
    const psid = randomPsid();
    const c = chat(psid);

    // Act
    const menu = await c.text('Xin chào', hasQuick('BOOK'));
    const services = await c.text('ĐẶT LỊCH', hasQuick('SVC'));
    const left = await c.text('huỷ', hasQuick('BOOK'));

    // Assert
    expect(textOf(menu.last)).toMatch(/Xin chào/);
    expect(quickReplies(menu.last).map((q) => q.title)).toContain('Đặt lịch hẹn');
    expect(textOf(services.last)).toMatch(/dịch vụ/);
    expect(textOf(left.last)).toMatch(/Đã hủy/);
  }, 60_000);

  it('It should not serve a blocked customer at all', async () => {
    // Arrange
    const psid = randomPsid();
    const { user } = await findOrCreateUserByEmail(randomEmail());
    await linkPsid(user.userId, psid);
    await updateUser(user.userId, { blocked: true });

    // Act
    await deliver([textEvent(psid, 'help'), postbackEvent(psid, 'GET_STARTED', Date.now() + 1)]);
    await new Promise((r) => setTimeout(r, 3000));

    // Assert
    expect(await botMessages(psid, { actions: true })).toEqual([]);
  }, 30_000);

  it('It should hand the thread to the Page Inbox and stay silent until control comes back', async () => {
    // Arrange
    const psid = randomPsid();
    const c = chat(psid);

    // Act 1: ask for a person
    const passing = await c.text('I want to talk to a human', (m) =>
      /connecting you with a person/.test(textOf(m)),
    );
    const owner = await (await fetch(`${GRAPH_API_URL}/__sim/thread?psid=${psid}`)).json();

    // Act 2: messages while the inbox owns the thread (standby copies and stray messaging events)
    const silentFrom = await simSeq();
    await deliver([textEvent(psid, 'book')], 'standby');
    await deliver([textEvent(psid, 'hello?')]);
    await new Promise((r) => setTimeout(r, 3000));
    const duringHandover = await botMessages(psid, { since: silentFrom, actions: true });

    // Act 3: the Page Inbox passes the thread back
    const back = await fetch(`${GRAPH_API_URL}/__sim/handover/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ psid }),
    });
    const backMsgs = await waitForBot(
      psid,
      (m) => m.some((x) => /back with the booking assistant/.test(textOf(x))),
      {
        since: silentFrom,
      },
    );

    // Assert
    expect(passing.last.message?.text).toMatch(/team member/);
    expect(owner).toEqual({ owner: '263902037430900' });
    expect(duringHandover).toEqual([]);
    expect(back.status).toBe(200);
    expect(backMsgs).toHaveLength(1);
  }, 60_000);
});

async function waitForMail(email: string, subject: RegExp) {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    if ((await inbox(email)).some((m) => subject.test(m.subject))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail matching ${subject} for ${email}`);
}

/** A customer already linked to an email: the flow goes straight to the confirm prompt. */
async function linkedCustomer() {
  const psid = randomPsid();
  const { user } = await findOrCreateUserByEmail(randomEmail());
  await linkPsid(user.userId, psid);
  return { psid, user };
}

/** Book → the service → a day → the `nth` time: the confirm prompt. Returns the time's payload. */
async function toConfirmPrompt(c: ReturnType<typeof chat>, serviceId: string, nth = 0) {
  const services = await c.text('book', hasQuick('SVC'));
  const days = await pickService(c, services.last, serviceId);
  const day = quickReplies(days.last)[0] as { title: string; payload: string };
  const times = await c.quick(day.title, day.payload, hasQuick('TIME:'));
  const time = quickReplies(times.last).filter((q) => bare(q.payload).startsWith('TIME:'))[nth] as {
    title: string;
    payload: string;
  };
  await c.quick(time.title, time.payload, isTemplate('button'));
  return bare(time.payload).slice('TIME:'.length).split('|')[0];
}

describe('issue 12 regressions on the offline stack', () => {
  it('It should keep both bookings when two are confirmed by typing "yes"', async () => {
    // Arrange
    const { service } = await seedCatalog();
    const { psid, user } = await linkedCustomer();
    const c = chat(psid);

    // Act
    const first = await toConfirmPrompt(c, service.serviceId, 0);
    const booked1 = await c.text('yes', hasQuick('BOOK'));
    const second = await toConfirmPrompt(c, service.serviceId, 1);
    const booked2 = await c.text('yes', hasQuick('BOOK'));

    // Assert
    expect(booked1.msgs.map(textOf).join('\n')).toMatch(/Booked!/);
    expect(booked2.msgs.map(textOf).join('\n')).toMatch(/Booked!/);
    const { items } = await listUserAppointments(user.userId);
    expect(
      items
        .filter((a) => a.status === 'booked')
        .map((a) => a.start)
        .sort(),
    ).toEqual([first, second].sort());
  }, 120_000);

  it('It should book for real when a cancelled slot is booked again by typing "yes"', async () => {
    // Arrange
    const { service } = await seedCatalog();
    const { psid, user } = await linkedCustomer();
    const c = chat(psid);
    const start = await toConfirmPrompt(c, service.serviceId, 0);
    await c.text('yes', hasQuick('BOOK'));
    const list = await c.text('my appointments', isTemplate('generic'));
    const cancel = list.last.message?.attachment?.payload.elements?.[0]?.buttons?.find((b) =>
      bare(b.payload).startsWith('APPT_CANCEL:'),
    );
    await c.postback(cancel?.payload as string, isTemplate('button'));
    await c.text('yes', (m) => /is cancelled/.test(textOf(m)) || hasQuick('BOOK')(m));

    // Act
    const again = await toConfirmPrompt(c, service.serviceId, 0);
    const rebooked = await c.text('yes', hasQuick('BOOK'));

    // Assert
    expect(again).toBe(start);
    expect(rebooked.msgs.map(textOf).join('\n')).toMatch(/Booked!/);
    const { items } = await listUserAppointments(user.userId);
    expect(items.map((a) => a.status).sort()).toEqual(['booked', 'cancelled']);
    expect(new Set(items.map((a) => a.appointmentId)).size).toBe(2);
  }, 120_000);

  it.each([
    ['a corrupted time', 'v1:TIME:Invalid DateTime|x'],
    ['an oversized payload', `v1:SVC:abc${'x'.repeat(10_000)}`],
    ['a far-future timestamp', 'v1:TIME:+275760-09-13T00:00:00.000Z|x'],
  ])(
    'It should answer %s with the times again and book nothing',
    async (_what, payload) => {
      // Arrange
      const { service } = await seedCatalog();
      const { psid, user } = await linkedCustomer();
      const c = chat(psid);
      const services = await c.text('book', hasQuick('SVC'));
      const days = await pickService(c, services.last, service.serviceId);
      const day = quickReplies(days.last)[0] as { title: string; payload: string };
      await c.quick(day.title, day.payload, hasQuick('TIME:'));

      // Act
      const answer = await c.quick('09:00', payload, hasQuick('TIME:'));

      // Assert
      expect(answer.msgs.map(textOf).join('\n')).toMatch(/Please pick one of the times below/);
      expect((await listUserAppointments(user.userId)).items).toEqual([]);
    },
    90_000,
  );

  it('It should answer again after staff take the thread back through admin-api', async () => {
    // Arrange
    const { psid, user } = await linkedCustomer();
    const c = chat(psid);
    await c.text('talk to a person', (m) => /connecting you with a person/.test(textOf(m)));
    const admin = await signInAdmin();

    // Act
    const res = await fetch(`${process.env.ADMIN_API_URL}/admin/users/${user.userId}/thread-control`, {
      method: 'POST',
      headers: bearer(admin),
    });
    const answer = await c.text('help', hasQuick('BOOK'));

    // Assert
    expect(res.status).toBe(200);
    expect(answer.msgs.map(textOf).join('\n')).toMatch(/I can book an appointment/);
  }, 90_000);

  it('It should take the thread back by itself when a handed-over conversation stayed idle past the idle period', async () => {
    // Arrange: handed over 13 h ago (default idle period 12 h), nobody wrote since
    const psid = randomPsid();
    const c = chat(psid);
    await c.text('talk to a person', (m) => /connecting you with a person/.test(textOf(m)));
    const stored = await loadConversation(psid);
    const longAgo = Date.now() - 13 * 3600_000;
    await saveConversation({ ...stored, handoverAt: longAgo, lastInboundAt: longAgo });

    // Act: the customer writes; the Page Inbox still owns the thread, so Meta sends a standby copy
    const since = await simSeq();
    await deliver([textEvent(psid, 'help')], 'standby');
    const answer = await waitForBot(psid, (m) => m.some((x) => quickReplies(x).length > 0), { since });
    const owner = await (await fetch(`${GRAPH_API_URL}/__sim/thread?psid=${psid}`)).json();

    // Assert
    expect(answer.map(textOf).join('\n')).toMatch(/booking assistant is back/);
    expect(owner).not.toEqual({ owner: '263902037430900' });
    expect((await loadConversation(psid)).handover).toBe(false);
  }, 90_000);

  it('It should book from one free-text message in Vietnamese, repeating what it understood', async () => {
    // Arrange: a service only this test names, a consultant free all day, a linked customer
    const word = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
    const service = await createService({ name: `Tư vấn ${word}`, durationMinutes: 30 });
    await createConsultant({
      name: `Lan ${word}`,
      serviceIds: [service.serviceId],
      timeZone: 'Asia/Ho_Chi_Minh',
      weeklyHours: allWeek,
    });
    const { psid, user } = await linkedCustomer();
    const c = chat(psid);
    const tomorrow = DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 1 }).toISODate();

    // Act
    const prompt = await c.text(`đặt lịch tư vấn ${word} 3 giờ chiều mai`, isTemplate('button'));
    const booked = await c.text('đồng ý', hasQuick('BOOK'));

    // Assert
    expect(prompt.msgs.map(textOf).join('\n')).toMatch(new RegExp(`Đã hiểu: Tư vấn ${word}`));
    expect(booked.msgs.map(textOf).join('\n')).toMatch(/Đã đặt!/);
    const { items } = await listUserAppointments(user.userId);
    expect(items.map((a) => [a.serviceId, a.status, a.start])).toEqual([
      [
        service.serviceId,
        'booked',
        DateTime.fromISO(`${tomorrow}T15:00`, { zone: 'Asia/Ho_Chi_Minh' }).toUTC().toISO(),
      ],
    ]);
  }, 90_000);

  it('It should email staff when a customer asks for a person', async () => {
    // Arrange
    const { psid, user } = await linkedCustomer();
    const c = chat(psid);

    // Act
    await c.text('cho tôi gặp nhân viên', (m) => /nhân viên/.test(textOf(m)));

    // Assert
    const staff = (process.env.ADMIN_EMAILS ?? 'admin@example.com').split(',')[0]?.trim() ?? '';
    const deadline = Date.now() + 15_000;
    let found = false;
    while (!found && Date.now() < deadline) {
      found = (await inbox(staff)).some(
        (m) => m.subject.includes('asked for a person') && (m.body.text ?? '').includes(user.email),
      );
      if (!found) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toBe(true);
  }, 60_000);
});
