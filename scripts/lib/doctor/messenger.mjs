// The Messenger checks, the same code for a deployed stage (graph.facebook.com, secrets from SSM)
// and for `--stage local` (the simulator, the local dev values): only the config differs.
import { createHmac, randomBytes } from 'node:crypto';
import { fail, guarded, pass } from './report.mjs';

/**
 * Webhook fields the bot needs, the same list `npm run messenger:setup` subscribes (a test keeps them
 * equal): `messages` (text and quick replies), `messaging_postbacks` (Get Started, menu, buttons),
 * `messaging_handovers` (the Page Inbox passing the thread back), `standby` (messages while the Page
 * Inbox owns the thread, logged for the staff view). Not needed: `message_echoes`, `message_reads`,
 * `message_deliveries` (the worker ignores them), `messaging_optins` (no opt-in flow).
 */
export const REQUIRED_FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby'];

/** The Page Inbox's app id in Meta's handover protocol. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/**
 * @typedef {{ graphUrl: string, graphVersion: string, pageToken: string, appSecret: string,
 *   verifyToken: string, pageId: string, webhookUrl: string }} MessengerConfig
 */

class GraphError extends Error {
  constructor(status, body) {
    const e = body?.error ?? {};
    super(`Graph ${status}: ${e.message ?? JSON.stringify(body)}${e.code ? ` (code ${e.code})` : ''}`);
    this.name = 'GraphError';
    this.code = e.code;
  }
}

/** GET on the Graph API; the token travels in the Authorization header, never in a logged URL. */
async function graphGet(cfg, pathAndQuery, { proof = true } = {}) {
  const url = new URL(`${cfg.graphUrl.replace(/\/$/, '')}/${cfg.graphVersion}${pathAndQuery}`);
  if (proof)
    url.searchParams.set(
      'appsecret_proof',
      createHmac('sha256', cfg.appSecret).update(cfg.pageToken).digest('hex'),
    );
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${cfg.pageToken}` },
    signal: AbortSignal.timeout(10000),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || body?.error) throw new GraphError(res.status, body);
  return body;
}

/** Runs every Messenger check; `ctx.appId` carries the token's app from the first to the others. */
export async function messengerChecks(cfg) {
  const ctx = { appId: undefined };
  return [
    await pageTokenCheck(cfg, ctx),
    await appSecretCheck(cfg),
    await subscriptionCheck(cfg, ctx),
    await webhookCheck(cfg),
    await handoverCheck(cfg),
  ];
}

export function pageTokenCheck(cfg, ctx = {}) {
  const id = 'messenger.pageToken';
  const title = 'Page access token is a valid Page token';
  const fix =
    'Generate a Page access token for the Page (not the App Secret, not an app or user token) and store it in the page-access-token parameter.';
  return guarded(id, title, 'page-token', fix, async () => {
    const q = `/debug_token?input_token=${encodeURIComponent(cfg.pageToken)}`;
    let body;
    try {
      body = await graphGet(cfg, q, { proof: false });
    } catch (err) {
      // With "Require App Secret" on, every call needs the proof.
      if (!/appsecret_proof/i.test(err.message)) throw err;
      body = await graphGet(cfg, q);
    }
    const data = body.data ?? {};
    if (!data.is_valid)
      return fail(
        id,
        title,
        `token invalid: ${data.error?.message ?? 'expired or revoked'}`,
        fix,
        'page-token',
      );
    ctx.appId = data.app_id ? String(data.app_id) : undefined;
    if (data.type !== 'PAGE')
      return fail(
        id,
        title,
        `token type ${data.type}, not PAGE (app ${data.app_id}): an app or user token was stored instead of the Page token`,
        fix,
        'page-token',
      );
    if (cfg.pageId && data.profile_id && String(data.profile_id) !== String(cfg.pageId))
      return fail(
        id,
        title,
        `the token is for Page ${data.profile_id}, not the configured Page ${cfg.pageId}`,
        fix,
        'page-token',
      );
    const scopes = data.scopes ?? [];
    const missing = ['pages_messaging'].filter((s) => !scopes.includes(s));
    if (missing.length) return fail(id, title, `the token lacks ${missing.join(', ')}`, fix, 'page-token');
    return pass(id, title, `PAGE token of app ${data.app_id} for Page ${data.profile_id ?? cfg.pageId}`);
  });
}

export function appSecretCheck(cfg) {
  const id = 'messenger.appSecret';
  const title = 'App Secret matches the app (appsecret_proof accepted)';
  const fix =
    "Copy the App Secret from the Meta app's App settings → Basic into the app-secret parameter (the app the Page token belongs to).";
  return guarded(id, title, 'meta-app', fix, async () => {
    const me = await graphGet(cfg, '/me?fields=id,name');
    return pass(id, title, `Graph /me answered as Page ${me.name ?? ''} (${me.id})`.replace('  ', ' '));
  });
}

export function subscriptionCheck(cfg, ctx = {}) {
  const id = 'messenger.subscription';
  const title = 'App subscribed to the Page with every webhook field the bot needs';
  const fix = `Run \`npm run messenger:setup -- --stage <stage>\`, which subscribes ${REQUIRED_FIELDS.join(', ')}.`;
  return guarded(id, title, 'messenger-setup', fix, async () => {
    const body = await graphGet(cfg, `/${encodeURIComponent(cfg.pageId)}/subscribed_apps`);
    const apps = body.data ?? [];
    const app = ctx.appId ? apps.find((a) => String(a.id) === ctx.appId) : apps[0];
    if (!app)
      return fail(id, title, `the app is not subscribed to Page ${cfg.pageId}`, fix, 'messenger-setup');
    const fields = app.subscribed_fields ?? [];
    const missing = REQUIRED_FIELDS.filter((f) => !fields.includes(f));
    if (missing.length)
      return fail(id, title, `missing field(s): ${missing.join(', ')}`, fix, 'messenger-setup');
    return pass(id, title, `Page ${cfg.pageId}: ${REQUIRED_FIELDS.join(', ')}`);
  });
}

export function webhookCheck(cfg) {
  const id = 'messenger.webhook';
  const title = 'Webhook answers the verify handshake with the configured verify token';
  const fix =
    'Make the verify-token parameter equal the Verify token entered in the Meta app (Messenger → Messenger API Settings → Configure webhooks), and deploy messenger-webhook.';
  return guarded(id, title, 'webhook', fix, async () => {
    const challenge = randomBytes(8).toString('hex');
    const url = new URL(cfg.webhookUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', cfg.verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
    const text = await res.text();
    if (res.status !== 200 || text !== challenge)
      return fail(
        id,
        title,
        `GET ${cfg.webhookUrl} answered ${res.status}${res.status === 200 ? ' without the challenge' : ''}: the verify token does not match`,
        fix,
        'webhook',
      );
    return pass(id, title, `${cfg.webhookUrl} echoed the challenge`);
  });
}

export function handoverCheck(cfg) {
  const id = 'messenger.handover';
  const title = 'Handover: the Page Inbox is a secondary receiver';
  const fix =
    "In the Page's Advanced messaging settings (Meta Business Suite → Settings → Advanced messaging), make this app the Primary Receiver and Page Inbox a Secondary Receiver.";
  return guarded(id, title, 'handover', fix, async () => {
    const body = await graphGet(cfg, `/${encodeURIComponent(cfg.pageId)}/secondary_receivers?fields=id,name`);
    const receivers = body.data ?? [];
    if (!receivers.some((r) => String(r.id) === PAGE_INBOX_APP_ID))
      return fail(
        id,
        title,
        `secondary receivers: ${receivers.map((r) => `${r.name ?? r.id}`).join(', ') || 'none'} (Page Inbox ${PAGE_INBOX_APP_ID} missing)`,
        fix,
        'handover',
      );
    return pass(id, title, `Page Inbox (${PAGE_INBOX_APP_ID}) is a secondary receiver`);
  });
}
