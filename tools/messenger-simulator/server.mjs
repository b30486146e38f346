// Messenger simulator: a stand-in for the parts of the Graph API the bot uses, plus a chat page.
// Plain Node ESM, no dependencies, no build step (scripts/lib/stack.mjs runs it with `node`).
//
// Graph API (what the bot calls):
//   POST /{version}/me/messages               messages and sender actions (token + appsecret_proof checked)
//   POST|GET|DELETE /{version}/me/messenger_profile
//   POST /{version}/me/pass_thread_control    POST /{version}/me/take_thread_control
//   POST|GET /{version}/{page-id}/subscribed_apps  (POST replaces the app's fields, as Meta does)
//   GET  /{version}/debug_token?input_token=  GET /{version}/me  GET /{version}/{page-id}/secondary_receivers
//     (what `npm run doctor` reads: token type, appsecret_proof, subscribed fields, handover receivers)
// Inspection and control (tests, the chat page):
//   GET  /__sim/messages?psid=&since=         what the bot sent to a PSID (sender actions included)
//   GET  /__sim/requests                      every Graph request received, newest last
//   GET  /__sim/profile  GET /__sim/thread?psid=
//   POST /__sim/send {psid, text?|quickReply?|postback?}   a user message, signed and posted to the webhook
//   POST /__sim/webhook {body}                posts any webhook body, signed like Meta
//   POST /__sim/faults {psid?, count, status, code, subcode?, message?}   the next `count` sends (to psid) fail like that
//   POST /__sim/handover/return {psid}        the Page Inbox passes the thread back to the bot
//   GET|POST /__sim/page-settings {tokenType?, secondaryReceivers?}   how the Page looks to the doctor
//                                             (tests: "the token is an APP token", "no Page Inbox")
//   GET  /__sim/info                          this simulator's URL vs the services' GRAPH_API_URL
//   POST /__sim/reset                         forgets everything
//   GET  /                                    the chat page
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const PORT = Number(process.env.SIMULATOR_PORT ?? 4010);
const WEBHOOK_URL = process.env.WEBHOOK_URL ?? 'http://127.0.0.1:4002/webhook';
const APP_SECRET = process.env.MESSENGER_APP_SECRET ?? 'local-dev-app-secret-change-me';
const PAGE_TOKEN = process.env.MESSENGER_PAGE_ACCESS_TOKEN ?? 'local-dev-page-token';
const PAGE_ID = process.env.MESSENGER_PAGE_ID ?? '104582931234567';
const BOT_APP_ID = process.env.MESSENGER_APP_ID ?? '1234567890';
const PAGE_INBOX_APP_ID = '263902037430900';
const SELF_URL = `http://127.0.0.1:${PORT}`;
// The services get the same environment as this process (scripts/lib/stack.mjs): when their Graph URL
// is not this simulator, the bot's replies go elsewhere and the chat page says so.
const SERVICES_GRAPH_URL = process.env.GRAPH_API_URL ?? SELF_URL;

/** What the doctor's Graph reads answer by default: a valid Page token, the Page Inbox as receiver. */
const defaultPageSettings = () => ({
  tokenType: 'PAGE',
  secondaryReceivers: [{ id: PAGE_INBOX_APP_ID, name: 'Page Inbox' }],
});

const LIMITS = {
  text: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  buttons: 3,
  buttonText: 640,
  elements: 10,
};

/** State: everything is in memory; POST /__sim/reset clears it. */
const state = {
  seq: 0,
  /** Messages the bot sent, in order: {seq, psid, time, message?, senderAction?, messagingType, tag?, mid}. */
  outbound: [],
  /** Messages users sent through the simulator: {seq, psid, time, kind, text, payload, mid, webhookStatus}. */
  inbound: [],
  requests: [],
  faults: [],
  profile: {},
  subscriptions: [],
  /** Fields the bot's app is subscribed to, per Page id (`me` is the token's Page). */
  subscribedFields: new Map(),
  pageSettings: defaultPageSettings(),
  /** Thread owner per PSID: absent = the bot. */
  threadOwner: new Map(),
};

/** Meta's serialization: non-ASCII as lowercase \uXXXX (surrogate pairs for astral), `/` as `\/`. */
function metaSerialize(value) {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

const sign = (bytes) => `sha256=${createHmac('sha256', APP_SECRET).update(bytes).digest('hex')}`;
const mid = () => `m_${randomBytes(24).toString('base64url')}`;

async function postWebhook(body) {
  const bytes = Buffer.from(metaSerialize(body), 'utf8');
  try {
    const res = await fetch(WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(bytes) },
      body: bytes,
      signal: AbortSignal.timeout(10000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    console.error(`webhook POST failed: ${err.message}`);
    return 0;
  }
}

/** A webhook body for one event, in `messaging` or (while the Page Inbox owns the thread) `standby`. */
function envelope(psid, event) {
  const now = Date.now();
  const item = { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: now, ...event };
  const key = state.threadOwner.get(psid) && !event.pass_thread_control ? 'standby' : 'messaging';
  return { object: 'page', entry: [{ id: PAGE_ID, time: now, [key]: [item] }] };
}

function graphError(res, status, code, message, subcode) {
  send(res, status, {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode ? { error_subcode: subcode } : {}),
      fbtrace_id: mid(),
    },
  });
}

function send(res, status, body, type = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

/** Checks the Page token (Bearer or access_token) and appsecret_proof like the Graph API (code 190). */
function authorized(req, url, { proofOptional = false } = {}) {
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ?? url.searchParams.get('access_token');
  if (token !== PAGE_TOKEN) return 'Invalid OAuth access token.';
  const proof = url.searchParams.get('appsecret_proof') ?? '';
  // Meta's "Require App Secret" setting makes the proof mandatory; a wrong one is refused either way.
  if (proofOptional && !proof) return undefined;
  const expected = createHmac('sha256', APP_SECRET).update(token).digest('hex');
  if (proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), Buffer.from(expected)))
    return 'Invalid appsecret_proof provided in the API argument';
  return undefined;
}

/** Meta's validation of a message object: the limits the Send API enforces, as code 100 errors. */
function invalidMessage(message) {
  if (message.text !== undefined && message.text.length > LIMITS.text)
    return `text is longer than ${LIMITS.text}`;
  const qr = message.quick_replies;
  if (
    qr &&
    (qr.length > LIMITS.quickReplies || qr.some((q) => (q.title ?? '').length > LIMITS.quickReplyTitle))
  )
    return 'quick_replies: at most 13, titles at most 20 characters';
  const p = message.attachment?.payload;
  if (
    p?.template_type === 'button' &&
    (p.buttons.length > LIMITS.buttons || p.text.length > LIMITS.buttonText)
  )
    return 'button template: at most 3 buttons, text at most 640 characters';
  if (p?.template_type === 'generic' && p.elements.length > LIMITS.elements)
    return 'generic template: at most 10 elements';
  if (message.text === undefined && !message.attachment) return 'message must have text or attachment';
  return undefined;
}

async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : {};
}

/** `debug_token` as Meta answers it for the simulator's one Page token (type set by page-settings). */
function debugToken(res, url) {
  const input = url.searchParams.get('input_token') ?? '';
  if (input !== PAGE_TOKEN)
    return send(res, 200, {
      data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] },
    });
  const type = state.pageSettings.tokenType;
  return send(res, 200, {
    data: {
      app_id: BOT_APP_ID,
      type,
      application: 'Bookingbot (simulator)',
      is_valid: true,
      expires_at: 0,
      scopes: ['pages_messaging', 'pages_manage_metadata', 'pages_show_list'],
      ...(type === 'PAGE' ? { profile_id: PAGE_ID } : {}),
      ...(type === 'USER' ? { user_id: '5550001' } : {}),
    },
  });
}

function subscribedFieldsParam(body, url) {
  const raw = body.subscribed_fields ?? url.searchParams.get('subscribed_fields') ?? [];
  return (Array.isArray(raw) ? raw : String(raw).split(',')).map((f) => String(f).trim()).filter(Boolean);
}

async function graph(req, res, url, parts) {
  // parts: [version, 'me' | pageId | 'debug_token', edge?]
  const [, node, edge] = parts;
  const body = req.method === 'POST' ? await readJson(req) : {};
  state.requests.push({ seq: ++state.seq, method: req.method, path: url.pathname, body, time: Date.now() });
  const problem = authorized(req, url, { proofOptional: node === 'debug_token' });
  if (problem) return graphError(res, 400, 190, problem);
  if (node === 'debug_token' && !edge && req.method === 'GET') return debugToken(res, url);
  if (node === 'me' && !edge && req.method === 'GET')
    return send(res, 200, { id: PAGE_ID, name: 'Simulated Page' });
  // The token's Page is `me`; another Page id is a Page this token cannot manage.
  const page = node === 'me' ? PAGE_ID : node;
  if ((edge === 'subscribed_apps' || edge === 'secondary_receivers') && page !== PAGE_ID)
    return graphError(res, 400, 100, `(#100) Object with ID '${node}' does not exist or cannot be loaded`);
  if (edge === 'subscribed_apps' && req.method === 'GET') {
    const fields = state.subscribedFields.get(page);
    return send(res, 200, {
      data: fields ? [{ id: BOT_APP_ID, name: 'Bookingbot (simulator)', subscribed_fields: fields }] : [],
    });
  }
  if (edge === 'secondary_receivers' && req.method === 'GET')
    return send(res, 200, { data: state.pageSettings.secondaryReceivers });

  if (node === 'me' && edge === 'messages' && req.method === 'POST') {
    const psid = body.recipient?.id;
    if (!psid) return graphError(res, 400, 100, '(#100) The parameter recipient is required');
    // Faults scoped to a PSID only hit that customer's sends (tests run in parallel).
    const fault = state.faults.find((f) => !f.psid || f.psid === psid);
    if (fault && !body.sender_action) {
      fault.count -= 1;
      if (fault.count <= 0) state.faults.splice(state.faults.indexOf(fault), 1);
      return graphError(res, fault.status, fault.code, fault.message ?? 'Injected fault', fault.subcode);
    }
    if (body.sender_action) {
      state.outbound.push({ seq: ++state.seq, psid, time: Date.now(), senderAction: body.sender_action });
      return send(res, 200, { recipient_id: psid });
    }
    const message = body.message ?? {};
    const invalid = invalidMessage(message);
    if (invalid) return graphError(res, 400, 100, `(#100) ${invalid}`);
    if (body.messaging_type === 'MESSAGE_TAG' && !body.tag)
      return graphError(res, 400, 100, '(#100) tag is required for MESSAGE_TAG');
    const id = mid();
    state.outbound.push({
      seq: ++state.seq,
      psid,
      time: Date.now(),
      message,
      messagingType: body.messaging_type,
      ...(body.tag ? { tag: body.tag } : {}),
      mid: id,
    });
    return send(res, 200, { recipient_id: psid, message_id: id });
  }
  if (node === 'me' && edge === 'messenger_profile') {
    if (req.method === 'POST') Object.assign(state.profile, body);
    if (req.method === 'DELETE') state.profile = {};
    return send(res, 200, req.method === 'GET' ? { data: [state.profile] } : { result: 'success' });
  }
  if (node === 'me' && (edge === 'pass_thread_control' || edge === 'take_thread_control')) {
    const psid = body.recipient?.id;
    if (!psid) return graphError(res, 400, 100, '(#100) The parameter recipient is required');
    if (edge === 'pass_thread_control')
      state.threadOwner.set(psid, String(body.target_app_id ?? PAGE_INBOX_APP_ID));
    else state.threadOwner.delete(psid);
    return send(res, 200, { success: true });
  }
  if (edge === 'subscribed_apps' && req.method === 'POST') {
    const fields = subscribedFieldsParam(body, url);
    if (!fields.length)
      return graphError(res, 400, 100, '(#100) The parameter subscribed_fields is required');
    state.subscriptions.push({ page: node, fields: fields.join(',') });
    state.subscribedFields.set(page, fields);
    return send(res, 200, { success: true });
  }
  return graphError(res, 400, 100, `(#100) Unsupported ${req.method} ${url.pathname}`);
}

/** A user's action in the chat page (or a test) as the webhook event Meta would send. */
function userEvent(input) {
  if (input.postback) {
    const id = mid();
    return {
      kind: 'postback',
      mid: id,
      event: { postback: { mid: id, title: input.title ?? input.postback, payload: input.postback } },
    };
  }
  const id = mid();
  const message = { mid: id, text: input.text ?? input.title ?? '' };
  if (input.quickReply) message.quick_reply = { payload: input.quickReply };
  return { kind: input.quickReply ? 'quick_reply' : 'text', mid: id, event: { message } };
}

async function control(req, res, url) {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /__sim/messages') {
    const psid = url.searchParams.get('psid');
    const since = Number(url.searchParams.get('since') ?? 0);
    const pick = (list) => list.filter((m) => (!psid || m.psid === psid) && m.seq > since);
    return send(res, 200, { outbound: pick(state.outbound), inbound: pick(state.inbound), seq: state.seq });
  }
  if (route === 'GET /__sim/requests') return send(res, 200, { requests: state.requests });
  if (route === 'GET /__sim/info') {
    const servicesOrigin = new URL(SERVICES_GRAPH_URL).origin;
    return send(res, 200, {
      simulatorUrl: SELF_URL,
      servicesGraphApiUrl: SERVICES_GRAPH_URL,
      repliesComeHere: servicesOrigin === SELF_URL || servicesOrigin === `http://localhost:${PORT}`,
      webhookUrl: WEBHOOK_URL,
    });
  }
  if (route === 'GET /__sim/profile')
    return send(res, 200, { profile: state.profile, subscriptions: state.subscriptions });
  if (route === 'GET /__sim/thread') {
    const owner = state.threadOwner.get(url.searchParams.get('psid') ?? '');
    return send(res, 200, { owner: owner ?? 'bot' });
  }
  const body = req.method === 'POST' ? await readJson(req) : {};
  if (route === 'POST /__sim/send') {
    if (!body.psid) return send(res, 400, { error: 'psid is required' });
    const { kind, mid: id, event } = userEvent(body);
    const webhookStatus = await postWebhook(envelope(body.psid, event));
    const entry = {
      seq: ++state.seq,
      psid: body.psid,
      time: Date.now(),
      kind,
      text: body.title ?? body.text,
      mid: id,
      webhookStatus,
    };
    state.inbound.push(entry);
    return send(res, 200, entry);
  }
  if (route === 'POST /__sim/webhook') {
    const bytes = body.raw ?? metaSerialize(body.body);
    const r = await fetch(WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': sign(Buffer.from(bytes, 'utf8')),
      },
      body: bytes,
    });
    return send(res, 200, { webhookStatus: r.status, body: await r.text() });
  }
  if (route === 'POST /__sim/faults') {
    state.faults.push({
      psid: body.psid,
      count: Number(body.count ?? 1),
      status: Number(body.status ?? 500),
      code: Number(body.code ?? 2),
      subcode: body.subcode,
      message: body.message,
    });
    return send(res, 200, { faults: state.faults });
  }
  if (route === 'POST /__sim/handover/return') {
    if (!body.psid) return send(res, 400, { error: 'psid is required' });
    state.threadOwner.delete(body.psid);
    const webhookStatus = await postWebhook(
      envelope(body.psid, {
        pass_thread_control: { new_owner_app_id: BOT_APP_ID, metadata: body.metadata ?? 'staff done' },
      }),
    );
    return send(res, 200, { webhookStatus });
  }
  if (route === 'GET /__sim/page-settings') return send(res, 200, state.pageSettings);
  if (route === 'POST /__sim/page-settings') {
    if (body.tokenType !== undefined && !['PAGE', 'APP', 'USER'].includes(body.tokenType))
      return send(res, 400, { error: 'tokenType must be PAGE, APP or USER' });
    if (body.secondaryReceivers !== undefined && !Array.isArray(body.secondaryReceivers))
      return send(res, 400, { error: 'secondaryReceivers must be an array of {id, name}' });
    Object.assign(state.pageSettings, body.reset ? defaultPageSettings() : {}, {
      ...(body.tokenType ? { tokenType: body.tokenType } : {}),
      ...(body.secondaryReceivers ? { secondaryReceivers: body.secondaryReceivers } : {}),
    });
    return send(res, 200, state.pageSettings);
  }
  if (route === 'POST /__sim/reset') {
    Object.assign(state, {
      outbound: [],
      inbound: [],
      requests: [],
      faults: [],
      profile: {},
      subscriptions: [],
      pageSettings: defaultPageSettings(),
    });
    state.threadOwner.clear();
    state.subscribedFields.clear();
    return send(res, 200, { ok: true });
  }
  return send(res, 404, { error: `no route ${route}` });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${PORT}`);
  try {
    if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html'))
      return send(res, 200, readFileSync(path.join(DIR, 'chat.html'), 'utf8'), 'text/html; charset=utf-8');
    if (url.pathname.startsWith('/__sim/')) return await control(req, res, url);
    const parts = url.pathname.split('/').filter(Boolean);
    if (/^v\d+\.\d+$/.test(parts[0] ?? '') && (parts.length === 2 || parts.length === 3))
      return await graph(req, res, url, parts);
    return send(res, 404, { error: { message: `Unknown path ${url.pathname}`, code: 803 } });
  } catch (err) {
    console.error(err);
    return send(res, 500, { error: { message: String(err?.message ?? err), code: 1 } });
  }
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`Messenger simulator on ${SELF_URL} → webhook ${WEBHOOK_URL}`);
  if (new URL(SERVICES_GRAPH_URL).origin !== SELF_URL)
    console.log(
      `! the services' GRAPH_API_URL is ${SERVICES_GRAPH_URL}: the bot's replies go there, not here`,
    );
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
