import { createLogger, hashId } from '@bookingbot/common/logging';
import {
  dedupKey,
  flattenWebhook,
  groupByPsid,
  type InboundEvent,
  isSilentEvent,
} from '@bookingbot/common/messenger';
import { countMetric, METRIC } from '@bookingbot/common/metrics';
import { handleEvent } from '../../conversation/engine';
import { claimEvent, completeEvent, releaseEvent } from '../../lib/dedup';
import type { WorkerPayload } from '../../lib/worker-client';

const logger = createLogger('messenger-worker');

/** The de-duplication key: the `mid` of messages and postbacks, else the event's identity. */
function eventKey(e: InboundEvent): string | undefined {
  const mid = dedupKey(e);
  if (mid) return mid;
  if (e.postback) return `${e.sender.id}:${e.timestamp}:postback:${e.postback.payload}`;
  if (e.pass_thread_control || e.take_thread_control) return `${e.sender.id}:${e.timestamp}:handover`;
  return undefined;
}

async function processOne(e: InboundEvent): Promise<'done' | 'duplicate' | 'ignored'> {
  if (isSilentEvent(e)) return 'ignored'; // echoes, reads, deliveries never reply
  const k = eventKey(e);
  if (!k) return 'ignored';
  if (!(await claimEvent(k))) return 'duplicate';
  try {
    await handleEvent(e);
    await completeEvent(k);
    return 'done';
  } catch (err) {
    await releaseEvent(k);
    throw err;
  }
}

/**
 * The asynchronous worker: every event of every entry (`messaging` and `standby`), grouped per
 * PSID; each PSID's events run in `timestamp` order, different PSIDs in parallel. A failure of one
 * PSID's events does not stop the others; the invocation then fails so Lambda retries it (handled
 * events are skipped by de-duplication) and, after the retries, parks it on the dead-letter queue.
 */
async function processPayload(
  payload: WorkerPayload,
): Promise<{ done: number; duplicate: number; ignored: number }> {
  if (payload.correlationId) logger.appendKeys({ correlationId: payload.correlationId });
  const groups = groupByPsid(flattenWebhook(payload.body));
  const counts = { done: 0, duplicate: 0, ignored: 0 };
  const failures: unknown[] = [];
  await Promise.all(
    [...groups].map(async ([psid, events]) => {
      for (const e of events) {
        try {
          counts[await processOne(e)] += 1;
        } catch (err) {
          logger.error('event failed', { psidHash: hashId(psid, 'psid:'), error: err as Error });
          failures.push(err);
          return; // later events of this PSID wait for the retry, keeping their order
        }
      }
    }),
  );
  // Counted here, not in the webhook's hot path: one EMF line per batch instead of per POST.
  const received = [...groups.values()].reduce((n, events) => n + events.length, 0);
  countMetric(METRIC.webhookReceived, {}, received);
  if (counts.done) countMetric(METRIC.webhookProcessed, {}, counts.done);
  if (counts.duplicate) countMetric(METRIC.webhookDuplicate, {}, counts.duplicate);
  if (failures.length) countMetric(METRIC.webhookFailed, {}, failures.length);
  logger.info('webhook batch processed', {
    ...counts,
    failed: failures.length,
    psids: groups.size,
    replayed: Boolean(payload.replayed),
  });
  if (failures.length) throw new AggregateError(failures, `${failures.length} PSID(s) failed`);
  return counts;
}

/** Lambda's own retry budget for async invokes (MaximumRetryAttempts in serverless.yml). */
const OFFLINE_ATTEMPTS = 3;

/**
 * Deployed, a failure is thrown so Lambda retries the invocation and then parks it on the DLQ.
 * serverless-offline has neither, and a rejected async invocation makes it exit, taking the local
 * webhook down; there (IS_OFFLINE) the same attempts are made in process, then the payload is
 * logged as parked and the invocation ends normally.
 */
export const handler = async (payload: WorkerPayload) => {
  if (process.env.IS_OFFLINE !== 'true') return processPayload(payload);
  for (let attempt = 1; ; attempt++) {
    try {
      return await processPayload(payload);
    } catch (err) {
      if (attempt >= OFFLINE_ATTEMPTS) {
        logger.error('worker payload parked (offline: no DLQ)', { attempts: attempt, error: err as Error });
        return { done: 0, duplicate: 0, ignored: 0 };
      }
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
};
