import type { InboundEvent, MessagingEvent, WebhookBody } from './types';

/**
 * Every event of a webhook body, flattened: every `entry[]`, every `messaging[]` item and every
 * `standby[]` item (marked `standby: true`). Bottender reads only `messaging[0]`; Meta batches up
 * to 1000 events per POST across entries and within one entry.
 */
export function flattenWebhook(body: WebhookBody): InboundEvent[] {
  const out: InboundEvent[] = [];
  for (const entry of body.entry ?? []) {
    for (const m of entry.messaging ?? []) out.push({ ...m, pageId: entry.id });
    for (const m of entry.standby ?? []) out.push({ ...m, pageId: entry.id, standby: true });
  }
  return out;
}

/** The customer's PSID of an event: the sender, or the recipient of an echo (the Page sent it). */
export function psidOf(event: MessagingEvent): string {
  return event.message?.is_echo ? event.recipient.id : event.sender.id;
}

/**
 * Groups events per PSID, each group in `timestamp` order (stable for equal timestamps), so a
 * worker can run the groups in parallel and each group sequentially.
 */
export function groupByPsid<E extends MessagingEvent>(events: E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const e of events) {
    const key = psidOf(e);
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
