// The measurements made over HTTP against the running offline stack (loopback only). Each flow
// books its DynamoDB calls to its own ledger bucket in the proxy (observers.mjs) and returns
// latency summaries in milliseconds. Bounded: every flow has a fixed number of requests.
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pool, sleep, summarize } from './stats.mjs';

/** A random 16-digit page-scoped id, like Meta's PSIDs. */
const randomPsid = () => `${randomInt(1e7, 9e7)}${randomInt(1e7, 9e7)}`;

const json = async (res) => {
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
};

/** Meta's serialization: non-ASCII as lowercase `\uXXXX`, `/` as `\/` (what Meta signs). */
function metaSerialize(value) {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

function textBody(env, psid, text) {
  const now = Date.now();
  return {
    object: 'page',
    entry: [
      {
        id: env.MESSENGER_PAGE_ID,
        time: now,
        messaging: [
          {
            sender: { id: psid },
            recipient: { id: env.MESSENGER_PAGE_ID },
            timestamp: now,
            message: { mid: `m_${randomBytes(18).toString('base64url')}`, text },
          },
        ],
      },
    ],
  };
}

async function postSigned(env, body) {
  const bytes = Buffer.from(metaSerialize(body), 'utf8');
  const signature = `sha256=${createHmac('sha256', env.MESSENGER_APP_SECRET).update(bytes).digest('hex')}`;
  const t = performance.now();
  const res = await fetch(env.WEBHOOK_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body: bytes,
  });
  await res.arrayBuffer();
  return { status: res.status, sentAt: t, ackMs: performance.now() - t };
}

/**
 * Messenger round trip: a user's text → signed webhook POST → worker → the reply at the fake Graph
 * API. `users` virtual users, each sending `perUser` messages one after another (each waits for
 * its reply), all users at once.
 */
export async function webhookRoundTrip({ env, graph, users, perUser, timeoutMs = 15000 }) {
  const replyMs = [];
  const ackMs = [];
  const statuses = {};
  let timeouts = 0;
  const t0 = performance.now();
  await pool(users, users, async () => {
    const psid = randomPsid();
    for (let i = 0; i < perUser; i++) {
      const reply = graph.nextMessage(psid, timeoutMs);
      const sent = await postSigned(env, textBody(env, psid, i === 0 ? 'Hello' : 'menu'));
      statuses[sent.status] = (statuses[sent.status] ?? 0) + 1;
      ackMs.push(sent.ackMs);
      const at = await reply;
      if (at === null) timeouts += 1;
      else replyMs.push(at - sent.sentAt);
      // Wait for the rest of the worker's sends (a reply can be several messages) before the next.
      await sleep(150);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    users,
    messages: users * perUser,
    webhookStatuses: statuses,
    timeouts,
    replyMs: summarize(replyMs, 1),
    ackMs: summarize(ackMs, 1),
    messagesPerSecond: Number(((users * perUser) / seconds).toFixed(2)),
  };
}

/**
 * The hottest key of the chat: one customer's conversation item. One PSID sends `burst` messages
 * as separate signed POSTs all at once (a customer pasting lines, or Meta redelivering a backlog):
 * every worker invocation for them reads and conditionally writes the same conversation item, in
 * timestamp order. Measures the acks, how long until that customer has one reply per message,
 * and (through the proxy ledger, flow `hotConversation`) the calls, write units and conditional
 * failures on that one key. Bounded: `burst` POSTs, `timeoutMs` to wait for the replies.
 */
export async function hotConversation({ env, graph, burst = 20, timeoutMs = 60000 }) {
  const psid = randomPsid();
  const statuses = {};
  const base = Date.now();
  const t0 = performance.now();
  const acks = await Promise.all(
    Array.from({ length: burst }, async (_, i) => {
      const body = textBody(env, psid, i === 0 ? 'Hello' : 'menu');
      body.entry[0].time = base + i;
      body.entry[0].messaging[0].timestamp = base + i;
      const r = await postSigned(env, body);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      return r.ackMs;
    }),
  );
  const deadline = performance.now() + timeoutMs;
  while (graph.messagesTo(psid) < burst && performance.now() < deadline) await sleep(50);
  const lastReplyMs = performance.now() - t0;
  // The rest of the worker's sends for the last message, so the ledger holds the whole burst.
  await sleep(1000);
  return {
    burst,
    statuses,
    ackMs: summarize(acks, 1),
    repliesReceived: graph.messagesTo(psid),
    allRepliedWithinMs: graph.messagesTo(psid) >= burst ? Number(lastReplyMs.toFixed(0)) : null,
  };
}

/** The webhook's acknowledgement alone: `total` signed POSTs, `concurrency` in flight. */
export async function webhookAck({ env, total, concurrency, graph }) {
  const statuses = {};
  const accepted = [];
  const ack = await pool(total, concurrency, async () => {
    const psid = randomPsid();
    const r = await postSigned(env, textBody(env, psid, 'Hi'));
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status === 200) accepted.push(psid);
    return r.ackMs;
  });
  // The worker answers after the ack: wait for those answers, so the next flow's DynamoDB and
  // Lambda figures are its own (before, ≈ 15 of these turns were still running in `webhook-1`).
  const drain = graph ? await drainReplies(graph, accepted) : undefined;
  return { total, concurrency, statuses, ackMs: summarize(ack, 1), ...(drain ? { drain } : {}) };
}

/**
 * Waits until every PSID in `psids` has received a reply and the fake Graph API has been quiet for
 * `quietMs`, at most `timeoutMs`. @default quietMs 2000, timeoutMs 120000
 */
export async function drainReplies(graph, psids, { quietMs = 2000, timeoutMs = 120_000 } = {}) {
  const t0 = performance.now();
  let last = graph.counts.messages;
  let quietSince = performance.now();
  for (;;) {
    await sleep(200);
    if (graph.counts.messages !== last) {
      last = graph.counts.messages;
      quietSince = performance.now();
    }
    const unanswered = psids.filter((p) => graph.messagesTo(p) === 0).length;
    const now = performance.now();
    if ((unanswered === 0 && now - quietSince >= quietMs) || now - t0 > timeoutMs)
      return { ms: Math.round(now - t0), unanswered };
  }
}

/** The newest 6-digit code SES local holds for `email`. */
async function codeFor(env, email, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { emails } = await json(await fetch(`${env.SES_ENDPOINT}/store`));
    const mails = emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(email)));
    const last = mails.at(-1);
    const code = /\b(\d{6})\b/.exec(`${last?.subject ?? ''} ${last?.body?.text ?? ''}`)?.[1];
    if (code) return code;
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
}

const authPost = (env, path, body) =>
  fetch(`${env.AUTH_URL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'bookingbot-bench' },
    body: JSON.stringify(body),
  });

/**
 * Email-OTP sign-in for `count` distinct addresses (`concurrency` at once): request → code from
 * SES local → verify; then one refresh per session. Returns the sessions for later flows.
 */
export async function otpSignIns({ env, dynamo, count, concurrency }) {
  const request = [];
  const verify = [];
  const failures = {};
  let accepted = 0;
  const fail = (what) => {
    failures[what] = (failures[what] ?? 0) + 1;
    return null;
  };
  await dynamo.setFlow('signIn');
  const t0 = performance.now();
  const sessions = (
    await pool(count, concurrency, async () => {
      const email = `bench-${randomUUID()}@example.com`;
      let t = performance.now();
      const req = await authPost(env, '/auth/otp/request', { email });
      await req.arrayBuffer();
      request.push(performance.now() - t);
      if (req.status !== 202) return fail(`request ${req.status}`);
      accepted += 1;
      const code = await codeFor(env, email);
      if (!code) return fail('no code mailed');
      t = performance.now();
      const ver = await authPost(env, '/auth/otp/verify', { email, code });
      const pair = await json(ver);
      verify.push(performance.now() - t);
      if (ver.status !== 200) return fail(`verify ${ver.status}`);
      return { email, ...pair };
    })
  ).filter(Boolean);
  const signInSeconds = (performance.now() - t0) / 1000;

  await dynamo.setFlow('refresh');
  const refresh = [];
  const t1 = performance.now();
  await pool(sessions.length, concurrency, async (i) => {
    const s = sessions[i];
    const t = performance.now();
    const res = await authPost(env, '/auth/token/refresh', { refreshToken: s.refreshToken });
    const pair = await json(res);
    refresh.push(performance.now() - t);
    if (res.status !== 200) return fail(`refresh ${res.status}`);
    Object.assign(s, pair);
    return null;
  });
  const refreshSeconds = (performance.now() - t1) / 1000;
  await dynamo.setFlow(null);
  return {
    result: {
      attempted: count,
      concurrency,
      signedIn: sessions.length,
      requestsAccepted: accepted,
      failures,
      requestMs: summarize(request, 1),
      verifyMs: summarize(verify, 1),
      refreshMs: summarize(refresh, 1),
      signInsPerSecond: Number((sessions.length / signInSeconds).toFixed(2)),
      refreshesPerSecond: Number((refresh.length / refreshSeconds).toFixed(2)),
    },
    sessions,
  };
}

const userApi = (env, token, method, path, body) =>
  fetch(`${env.USER_API_URL}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

/** Free slots of the first day (from tomorrow, up to two weeks out) that has at least `min`. */
async function findSlots(env, token, serviceId, min) {
  for (let d = 1; d <= 14; d++) {
    const date = new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
    const res = await userApi(env, token, 'GET', `/availability?serviceId=${serviceId}&date=${date}`);
    const body = await json(res);
    if (res.status !== 200)
      throw new Error(`GET /availability answered ${res.status}: ${JSON.stringify(body)}`);
    // Slots that cannot conflict: distinct start times, and per consultant each one starting an
    // hour or more after the end of the previous one (a service on a finer grid overlaps, and
    // the booking policy may keep a buffer around each appointment).
    const lastEnd = new Map();
    const seen = new Set();
    const distinct = body.slots.filter((s) => {
      const free = Date.parse(s.start) >= (lastEnd.get(s.consultantId) ?? 0) + 3600000;
      if (seen.has(s.start) || !free) return false;
      seen.add(s.start);
      lastEnd.set(s.consultantId, Date.parse(s.end));
      return true;
    });
    if (distinct.length >= min) return distinct;
  }
  throw new Error(`no day with ${min} free slots for ${serviceId} in the next two weeks`);
}

/**
 * Booking: (a) `sequential` users each read availability and book a distinct slot (the cost of
 * one booking), then (b) `racers` users claim the same slot at the same instant: exactly one may win.
 */
export async function booking({ env, dynamo, sessions, serviceId, sequential, racers }) {
  const [first] = sessions;
  if (!first) return { error: 'no signed-in users (the sign-in flow failed)' };
  const slots = await findSlots(env, first.accessToken, serviceId, sequential + 1);

  await dynamo.setFlow('booking');
  const single = [];
  const availability = [];
  const singleStatuses = {};
  for (let i = 0; i < sequential; i++) {
    const s = sessions[(i + 1) % sessions.length];
    let t = performance.now();
    const date = slots[i].start.slice(0, 10);
    const av = await userApi(env, s.accessToken, 'GET', `/availability?serviceId=${serviceId}&date=${date}`);
    await av.arrayBuffer();
    availability.push(performance.now() - t);
    t = performance.now();
    const res = await userApi(env, s.accessToken, 'POST', '/appointments', {
      serviceId,
      consultantId: slots[i].consultantId,
      start: slots[i].start,
    });
    await res.arrayBuffer();
    single.push(performance.now() - t);
    singleStatuses[res.status] = (singleStatuses[res.status] ?? 0) + 1;
  }

  await dynamo.setFlow('bookingRace');
  const target = slots[sequential];
  const claimants = Array.from({ length: racers }, (_, i) => sessions[i % sessions.length]);
  const outcomes = await Promise.all(
    claimants.map(async (s) => {
      const t = performance.now();
      const res = await userApi(env, s.accessToken, 'POST', '/appointments', {
        serviceId,
        consultantId: target.consultantId,
        start: target.start,
      });
      await res.arrayBuffer();
      return { status: res.status, ms: performance.now() - t };
    }),
  );
  await dynamo.setFlow(null);
  const statuses = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
  const winners = outcomes.filter((o) => o.status === 201);
  const losers = outcomes.filter((o) => o.status === 409);
  return {
    sequentialBookings: sequential,
    sequentialStatuses: singleStatuses,
    availabilityMs: summarize(availability, 1),
    bookMs: summarize(single, 1),
    race: {
      claimants: racers,
      distinctUsers: new Set(claimants.map((c) => c.email)).size,
      statuses,
      exactlyOneWinner: winners.length === 1,
      winnerMs: summarize(
        winners.map((w) => w.ms),
        1,
      ),
      loserMs: summarize(
        losers.map((l) => l.ms),
        1,
      ),
    },
  };
}
