import { findOrCreateUserByEmail, linkPsid } from '@bookingbot/common/users';
import { randomEmail, type SignedIn, signIn, signInAdmin } from '../../../../test/support/auth';
import {
  botMessages,
  deliver,
  GRAPH_API_URL,
  randomPsid,
  simSeq,
  textEvent,
  textOf,
  waitForBot,
} from '../../../messenger-webhook/test/e2e/helpers';
import { call, createCatalog, eventually } from './helpers';

// Cold offline Lambdas (one worker per function) take seconds each on a loaded 2-core machine.
jest.setTimeout(120_000);

/**
 * The console's three former API gaps, over the running stack (webhook → worker → DynamoDB Local,
 * the Messenger simulator): recent conversations, handing a thread to the Page Inbox and back,
 * and staff availability inside the customer notice period.
 */
let admin: SignedIn;

beforeAll(async () => {
  admin = await signInAdmin();
});

interface Row {
  psid: string;
  customer: { userId: string; email: string; name: string | null } | null;
  lastInboundAt: string;
  lastMessage: { direction: 'in' | 'out'; text: string | null; time: string } | null;
  state: 'bot' | 'inbox';
  stateSince: string | null;
}

/** Pages through GET /admin/conversations until every psid is found (other suites write too). */
async function findRows(psids: string[], limit = 20): Promise<{ rows: Row[]; order: string[] }> {
  const order: string[] = [];
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await call('GET', `/admin/conversations?${q}`, admin.accessToken);
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    for (const r of res.body.items as Row[]) {
      order.push(r.psid);
      if (psids.includes(r.psid)) rows.push(r);
    }
    cursor = res.body.nextCursor;
    if (rows.length === psids.length || !cursor) break;
  }
  return { rows, order };
}

const threadOwner = async (psid: string) =>
  ((await (await fetch(`${GRAPH_API_URL}/__sim/thread?psid=${psid}`)).json()) as { owner?: string }).owner;

/** A customer with Messenger linked who has written once and got the bot's answer. */
async function chattingCustomer(text: string) {
  const psid = randomPsid();
  const { user } = await findOrCreateUserByEmail(randomEmail('chat'));
  await linkPsid(user.userId, psid);
  await deliver([textEvent(psid, text)]);
  await waitForBot(psid, (m) => m.length > 0);
  return { psid, user };
}

describe('recent conversations (GET /admin/conversations)', () => {
  it('It should list conversations newest customer message first, with the customer, the last message and the bot state', async () => {
    // Arrange: a linked customer writes, then a customer who never linked an email writes later
    const linked = await chattingCustomer('hello there');
    const anonymous = randomPsid();
    await deliver([textEvent(anonymous, 'hi')]);
    await waitForBot(anonymous, (m) => m.length > 0);

    // Act
    const { rows, order } = await findRows([linked.psid, anonymous]);

    // Assert
    const first = rows.find((r) => r.psid === linked.psid);
    const second = rows.find((r) => r.psid === anonymous);
    expect(order.indexOf(anonymous)).toBeLessThan(order.indexOf(linked.psid));
    expect(first).toMatchObject({
      customer: { userId: linked.user.userId, email: linked.user.email },
      state: 'bot',
      stateSince: null,
      lastMessage: expect.objectContaining({ time: expect.any(String) }),
    });
    expect(Date.parse(first?.lastInboundAt ?? '')).toBeLessThanOrEqual(
      Date.parse(second?.lastInboundAt ?? ''),
    );
    expect(second).toMatchObject({ customer: null, state: 'bot' });
  });

  it('It should page with an opaque cursor and refuse a bad cursor or limit, naming the field', async () => {
    // Arrange
    await chattingCustomer('one');
    await chattingCustomer('two');

    // Act
    const page1 = await call('GET', '/admin/conversations?limit=1', admin.accessToken);
    const page2 = await call(
      'GET',
      `/admin/conversations?limit=1&cursor=${page1.body.nextCursor}`,
      admin.accessToken,
    );
    const badCursor = await call('GET', '/admin/conversations?cursor=%7Bnope', admin.accessToken);
    const otherList = Buffer.from(JSON.stringify({ pk: 'USER#x', sk: 'PROFILE' })).toString('base64url');
    const foreignCursor = await call('GET', `/admin/conversations?cursor=${otherList}`, admin.accessToken);
    const badLimit = await call('GET', '/admin/conversations?limit=0', admin.accessToken);

    // Assert
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(typeof page1.body.nextCursor).toBe('string');
    expect(page2.body.items[0].psid).not.toBe(page1.body.items[0].psid);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    expect(foreignCursor.status).toBe(400);
    expect(foreignCursor.body.errors).toEqual([expect.objectContaining({ field: 'query.cursor' })]);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ field: 'query.limit' })]);
  });

  it('It should refuse a customer without the admin role', async () => {
    const customer = await signIn(randomEmail('customer'));
    const res = await call('GET', '/admin/conversations', customer.accessToken);
    expect(res.status).toBe(403);
  });
});

describe('handing a thread to the Page Inbox (POST /admin/users/{id}/thread-control)', () => {
  it('It should pass the thread to the Page Inbox so the bot stays silent, then give it back so the bot answers, each audited', async () => {
    // Arrange
    const { psid, user } = await chattingCustomer('hello');

    // Act 1: hand the thread to the Page Inbox, the customer writes (Meta sends a standby copy)
    const toInbox = await call('POST', `/admin/users/${user.userId}/thread-control`, admin.accessToken, {
      owner: 'inbox',
    });
    const ownerWhileInbox = await threadOwner(psid);
    const silentFrom = await simSeq();
    const wroteAt = Date.now();
    await deliver([textEvent(psid, 'is anyone there?', wroteAt)], 'standby');
    // The worker handled it once the conversation's last inbound time moved to that message.
    const paused = await eventually(async () => {
      const { rows } = await findRows([psid]);
      const row = rows[0];
      return row && Date.parse(row.lastInboundAt) === wroteAt ? row : undefined;
    });
    const duringInbox = await botMessages(psid, { since: silentFrom, actions: true });
    const transcript = await call('GET', `/admin/users/${user.userId}/messages`, admin.accessToken);

    // Act 2: give it back to the bot (no body: the default, as the console's take-back sends)
    const toBot = await call('POST', `/admin/users/${user.userId}/thread-control`, admin.accessToken);
    const backFrom = await simSeq();
    await deliver([textEvent(psid, 'help')]);
    const answers = await waitForBot(psid, (m) => m.some((x) => textOf(x).length > 0), { since: backFrom });
    const audit = await call(
      'GET',
      `/admin/audit?targetType=user&targetId=${user.userId}`,
      admin.accessToken,
    );

    // Assert
    expect(toInbox).toEqual({ status: 200, body: { threadOwner: 'inbox' } });
    expect(ownerWhileInbox).toBe('263902037430900');
    expect(paused.state).toBe('inbox');
    expect(Date.parse(paused.stateSince ?? '')).toBeLessThanOrEqual(wroteAt);
    expect(duringInbox).toEqual([]);
    expect(transcript.body).toMatchObject({ state: 'inbox', stateSince: paused.stateSince });
    expect(toBot).toEqual({ status: 200, body: { threadOwner: 'bot' } });
    expect(await threadOwner(psid)).toBe('bot');
    expect(answers.length).toBeGreaterThan(0);
    expect((audit.body.items as { action: string }[]).map((a) => a.action)).toEqual([
      'conversation.takeThreadControl',
      'conversation.passThreadControl',
    ]);
  });

  it('It should refuse an unknown owner with a problem naming body.owner, and a customer without Messenger with 409', async () => {
    // Arrange
    const { user } = await chattingCustomer('hi');
    const { user: noMessenger } = await findOrCreateUserByEmail(randomEmail('web'));

    // Act
    const bad = await call('POST', `/admin/users/${user.userId}/thread-control`, admin.accessToken, {
      owner: 'people',
    });
    const notLinked = await call(
      'POST',
      `/admin/users/${noMessenger.userId}/thread-control`,
      admin.accessToken,
      { owner: 'inbox' },
    );

    // Assert
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.owner' })]);
    expect(notLinked.status).toBe(409);
    expect(notLinked.body.code).toBe('messenger.notLinked');
  });
});

describe('staff availability (GET /admin/availability)', () => {
  it('It should offer staff times inside the customer notice period that customers are not offered, and book one', async () => {
    // Arrange: a consultant working around the clock (UTC); the customer notice is 120 minutes
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn(randomEmail('customer'));
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    const tomorrow = new Date(now + 86_400_000).toISOString().slice(0, 10);
    const q = new URLSearchParams({ serviceId, consultantId, from: today, to: tomorrow });

    // Act
    const staff = await call('GET', `/admin/availability?${q}`, admin.accessToken);
    const customerDays = await Promise.all(
      [today, tomorrow].map((date) =>
        call(
          'GET',
          `/availability?${new URLSearchParams({ serviceId, consultantId, date })}`,
          customer.accessToken,
          undefined,
          process.env.USER_API_URL,
        ),
      ),
    );
    const soon = (staff.body.slots as { start: string }[]).find(
      (s) => Date.parse(s.start) < now + 120 * 60_000,
    );
    const booked = await call('POST', '/admin/appointments', admin.accessToken, {
      userId: customer.userId,
      serviceId,
      consultantId,
      start: soon?.start,
      ignoreNotice: true,
    });
    const after = await call('GET', `/admin/availability?${q}`, admin.accessToken);

    // Assert
    expect(staff.status).toBe(200);
    expect(staff.body).toMatchObject({ from: today, to: tomorrow, timeZone: null });
    expect(soon).toBeDefined();
    expect(Date.parse(soon?.start ?? '')).toBeGreaterThan(now);
    const customerStarts = customerDays.flatMap((r) =>
      (r.body.slots as { start: string }[]).map((s) => s.start),
    );
    expect(customerStarts.length).toBeGreaterThan(0);
    expect(customerStarts.every((s) => Date.parse(s) >= now + 120 * 60_000)).toBe(true);
    expect(booked.status).toBe(201);
    expect((after.body.slots as { start: string }[]).map((s) => s.start)).not.toContain(soon?.start);
  });

  it('It should answer bad input with a problem naming the field, and an unknown service with 404', async () => {
    const noDay = await call('GET', '/admin/availability?serviceId=x', admin.accessToken);
    const tooLong = await call(
      'GET',
      '/admin/availability?serviceId=x&from=2026-12-01&to=2026-12-31',
      admin.accessToken,
    );
    const unknown = await call(
      'GET',
      `/admin/availability?serviceId=nope&date=${new Date().toISOString().slice(0, 10)}`,
      admin.accessToken,
    );

    expect(noDay.status).toBe(400);
    expect(noDay.body.errors).toEqual([expect.objectContaining({ field: 'query.date' })]);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'query.to' })]);
    expect(unknown.status).toBe(404);
  });
});
