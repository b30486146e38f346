import {
  claimApology,
  claimEvent,
  completeEvent,
  type EventClaim,
  failEvent,
  noteStaffActivity,
} from '@bookingbot/common/conversation';
import { createLogger, hashId } from '@bookingbot/common/logging';
import {
  classifyWebhook,
  dedupKey,
  groupByPsid,
  type InboundEvent,
  isSilentEvent,
  type PlatformEvent,
} from '@bookingbot/common/messenger';
import { countMetric, METRIC } from '@bookingbot/common/metrics';
import { config } from '../../conversation/config';
import { apologize, eventClaim, handleEvent, notifyStaff } from '../../conversation/runtime';
import type { WorkerPayload } from '../../lib/worker-client';

const logger = createLogger('messenger-worker');

/** The de-duplication key: the `mid` of messages and postbacks, else the event's identity. */
function eventKey(e: InboundEvent): string | undefined {
  const mid = dedupKey(e);
  if (mid) return mid;
  if (e.postback) return `${e.sender.id}:${e.timestamp}:postback`;
  if (e.pass_thread_control || e.take_thread_control) return `${e.sender.id}:${e.timestamp}:handover`;
  return undefined;
}

/**
 * One event, exactly once. A failure is counted on the event's claim; after the last attempt
 * (`WORKER_MAX_ATTEMPTS`: Lambda's retries deployed, the in-process retries offline, a DLQ replay
 * counting on) the customer gets one apology with the menu — claimed, so never twice.
 */
async function processOne(e: InboundEvent): Promise<'done' | 'duplicate' | 'ignored'> {
  if (e.standby && e.message?.is_echo) {
    // Staff wrote in the Page Inbox: the handed-over thread is active (the idle return counts from here).
    await noteStaffActivity(e.recipient.id, e.timestamp);
    return 'ignored';
  }
  if (isSilentEvent(e)) return 'ignored'; // echoes, reads, deliveries never reply
  const key = eventKey(e);
  if (!key) return 'ignored';
  // A customer's message is claimed on its inbound log item: the claim logs it (one write, not two).
  const k = eventClaim(e, key);
  if (!(await claimEvent(k))) return 'duplicate';
  try {
    await handleEvent(e);
    await completeEvent(k);
    return 'done';
  } catch (err) {
    const attempts = await failEvent(k).catch(() => 0);
    if (attempts >= config.WORKER_MAX_ATTEMPTS && !e.standby) await apologizeOnce(k, e.sender.id);
    throw err;
  }
}

async function apologizeOnce(k: EventClaim, psid: string): Promise<void> {
  try {
    if (await claimApology(k)) await apologize(psid);
  } catch (err) {
    logger.error('apology failed', { psidHash: hashId(psid, 'psid:'), error: err as Error });
  }
}

/**
 * Meta's notices about the Page itself. `policy-enforcement` (the Page's bot restricted or
 * blocked) raises the `MessengerPolicyEnforcement` alarm metric and emails staff; `app_roles` is
 * logged. Never thrown: a notice must not stop the customers of the same delivery.
 */
async function onPlatformEvent(p: PlatformEvent): Promise<void> {
  if (p.kind === 'app_roles') {
    logger.info('app_roles event', { pageId: p.pageId, roles: JSON.stringify(p.roles).slice(0, 500) });
    return;
  }
  logger.error('policy-enforcement event', { pageId: p.pageId, action: p.action, reason: p.reason });
  countMetric(METRIC.policyEnforcement, { service: 'messenger' });
  await notifyStaff(
    `Messenger policy enforcement on Page ${p.pageId}: ${p.action ?? 'unknown action'}`,
    `Meta sent a policy-enforcement event for Page ${p.pageId}.\nAction: ${p.action ?? '-'}\nReason: ${p.reason ?? '-'}\n` +
      'The bot may be restricted or blocked from messaging. Check the Page Quality tab in Meta Business Suite.',
  );
}

/**
 * The asynchronous worker: every event of every entry (`messaging` and `standby`), grouped per
 * PSID; each PSID's events run in `timestamp` order, different PSIDs in parallel. Items without a
 * customer are logged and skipped; platform notices are handled apart. A failure of one PSID's
 * events does not stop the others; the invocation then fails so Lambda retries it (handled events
 * are skipped by de-duplication) and, after the retries, parks it on the dead-letter queue.
 */
async function processPayload(
  payload: WorkerPayload,
): Promise<{ done: number; duplicate: number; ignored: number }> {
  if (payload.correlationId) logger.appendKeys({ correlationId: payload.correlationId });
  const { events, platform, skipped } = classifyWebhook(payload.body);
  for (const s of skipped) logger.warn('webhook item without a customer skipped', s);
  const groups = groupByPsid(events);
  const counts = { done: 0, duplicate: 0, ignored: skipped.length };
  const failures: unknown[] = [];
  await Promise.all([
    ...platform.map((p) =>
      onPlatformEvent(p).catch((err: unknown) =>
        logger.error('platform event failed', { kind: p.kind, error: err as Error }),
      ),
    ),
    ...[...groups].map(async ([psid, list]) => {
      for (const e of list) {
        try {
          counts[await processOne(e)] += 1;
        } catch (err) {
          logger.error('event failed', { psidHash: hashId(psid, 'psid:'), error: err as Error });
          failures.push(err);
          return; // later events of this PSID wait for the retry, keeping their order
        }
      }
    }),
  ]);
  // Counted here, not in the webhook's hot path: one EMF line per batch instead of per POST.
  countMetric(METRIC.webhookReceived, {}, events.length + skipped.length + platform.length);
  if (counts.done) countMetric(METRIC.webhookProcessed, {}, counts.done);
  if (counts.duplicate) countMetric(METRIC.webhookDuplicate, {}, counts.duplicate);
  if (failures.length) countMetric(METRIC.webhookFailed, {}, failures.length);
  logger.info('webhook batch processed', {
    ...counts,
    failed: failures.length,
    platform: platform.length,
    psids: groups.size,
    replayed: Boolean(payload.replayed),
  });
  if (failures.length) throw new AggregateError(failures, `${failures.length} PSID(s) failed`);
  return counts;
}

/**
 * Deployed, a failure is thrown so Lambda retries the invocation and then parks it on the DLQ.
 * serverless-offline has neither, and a rejected async invocation makes it exit, taking the local
 * webhook down; there (IS_OFFLINE) the same number of attempts is made in process, then the
 * payload is logged as parked and the invocation ends normally.
 */
export const handler = async (payload: WorkerPayload) => {
  if (process.env.IS_OFFLINE !== 'true') return processPayload(payload);
  for (let attempt = 1; ; attempt++) {
    try {
      return await processPayload(payload);
    } catch (err) {
      if (attempt >= config.WORKER_MAX_ATTEMPTS) {
        logger.error('worker payload parked (offline: no DLQ)', { attempts: attempt, error: err as Error });
        return { done: 0, duplicate: 0, ignored: 0 };
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
};
