import type { InboundEvent, MessagingEvent, WebhookBody } from './types';

/** An item of a webhook body that is not a customer's event: Meta's own notices about the Page. */
export type PlatformEvent =
  | { kind: 'policy-enforcement'; pageId: string; action?: string; reason?: string; timestamp?: number }
  | { kind: 'app_roles'; pageId: string; roles: unknown; timestamp?: number };

/** What a webhook body holds, sorted: customers' events, platform notices, and items that are neither. */
export interface ClassifiedWebhook {
  events: InboundEvent[];
  platform: PlatformEvent[];
  /** Items without a usable customer (a checkbox `optin` with only `user_ref`, unknown shapes): logged, never answered. */
  skipped: { pageId: string; fields: string[] }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const idOf = (v: unknown): string | undefined =>
  isObject(v) && (typeof v.id === 'string' || typeof v.id === 'number') && String(v.id) !== ''
    ? String(v.id)
    : undefined;

/**
 * Sorts every item of a webhook body without ever throwing: every `entry[]`, every `messaging[]`
 * and `standby[]` item (marked `standby: true`). Only items with a usable customer id (the sender,
 * or the recipient of an echo) become events; `policy-enforcement` and `app_roles` are platform
 * notices; anything else (an `optin` with only `user_ref`, a malformed item) is reported as
 * skipped, so one odd item never silences the other customers of the same delivery.
 */
export function classifyWebhook(body: unknown): ClassifiedWebhook {
  const out: ClassifiedWebhook = { events: [], platform: [], skipped: [] };
  const entries = isObject(body) && Array.isArray(body.entry) ? body.entry : [];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const pageId = String(entry.id ?? '');
    for (const [list, standby] of [
      [entry.messaging, false],
      [entry.standby, true],
    ] as const) {
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (!isObject(item)) {
          out.skipped.push({ pageId, fields: [] });
          continue;
        }
        const policy = item['policy-enforcement'] ?? item.policy_enforcement;
        if (isObject(policy)) {
          out.platform.push({
            kind: 'policy-enforcement',
            pageId,
            ...(typeof policy.action === 'string' ? { action: policy.action } : {}),
            ...(typeof policy.reason === 'string' ? { reason: policy.reason.slice(0, 500) } : {}),
            ...(typeof item.timestamp === 'number' ? { timestamp: item.timestamp } : {}),
          });
          continue;
        }
        if (item.app_roles !== undefined) {
          out.platform.push({
            kind: 'app_roles',
            pageId,
            roles: item.app_roles,
            ...(typeof item.timestamp === 'number' ? { timestamp: item.timestamp } : {}),
          });
          continue;
        }
        const message = isObject(item.message) ? item.message : undefined;
        const sender = idOf(item.sender);
        const recipient = idOf(item.recipient);
        const psid = message?.is_echo === true ? recipient : sender;
        if (!psid || !sender) {
          out.skipped.push({ pageId, fields: Object.keys(item).slice(0, 10) });
          continue;
        }
        const timestamp =
          typeof item.timestamp === 'number' && Number.isFinite(item.timestamp) ? item.timestamp : 0;
        const event = {
          ...item,
          sender: { id: sender },
          recipient: { id: recipient ?? '' },
          timestamp,
          pageId,
        } as MessagingEvent & { pageId: string };
        out.events.push(standby ? { ...event, standby: true } : event);
      }
    }
  }
  return out;
}

/**
 * Every customer event of a webhook body, flattened: every `entry[]`, every `messaging[]` item and
 * every `standby[]` item (marked `standby: true`). Bottender reads only `messaging[0]`; Meta batches
 * up to 1000 events per POST across entries and within one entry. Items without a customer are
 * left out (see `classifyWebhook`).
 */
export function flattenWebhook(body: WebhookBody): InboundEvent[] {
  return classifyWebhook(body).events;
}

/** The customer's PSID of an event: the sender, or the recipient of an echo (the Page sent it). */
export function psidOf(event: MessagingEvent): string {
  // Defensive: a hand-built event may lack either id; grouping must never throw.
  return (event.message?.is_echo ? event.recipient?.id : event.sender?.id) ?? '';
}

/**
 * Groups events per PSID, each group in `timestamp` order (stable for equal timestamps), so a
 * worker can run the groups in parallel and each group sequentially.
 */
export function groupByPsid<E extends MessagingEvent>(events: E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const e of events) {
    const key = psidOf(e);
    if (!key) continue; // no customer to answer (classifyWebhook reports these)
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  return groups;
}

/** The de-duplication key of an event: its `mid` (messages, postbacks), else undefined. */
export function dedupKey(event: MessagingEvent): string | undefined {
  return event.message?.mid ?? event.postback?.mid;
}

/** Events that must never produce a reply: echoes of the Page's own messages, reads, deliveries. */
export function isSilentEvent(event: MessagingEvent): boolean {
  return Boolean(event.message?.is_echo || event.read || event.delivery);
}
