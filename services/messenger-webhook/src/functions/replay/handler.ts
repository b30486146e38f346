import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loadConfig } from '@bookingbot/common/config';
import { createLogger } from '@bookingbot/common/logging';
import * as z from '@bookingbot/common/schema';
import { invokeWorker, type WorkerPayload } from '../../lib/worker-client';

const logger = createLogger('messenger-replay');

const config = loadConfig({
  DEAD_LETTER_QUEUE_URL: z.url(),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
});

const sqs = new SQSClient({ region: config.AWS_REGION });

/**
 * The worker's on-failure destination record: Lambda wraps the original payload as
 * `{ requestContext, requestPayload, responseContext, responsePayload }`.
 */
interface FailureRecord {
  requestPayload?: WorkerPayload;
  requestContext?: { condition?: string; approximateInvokeCount?: number };
}

/**
 * Re-drives parked worker events: each DLQ message's original payload is invoked again
 * (asynchronously) and deleted once handed over. De-duplication on `mid` makes a replay of
 * events that partly succeeded safe. Invoke: `npx serverless invoke -f replay --stage <stage>`
 * (optionally `--data '{"max": 100}'`).
 */
export const handler = async (
  event: { max?: number } = {},
): Promise<{ replayed: number; dropped: number }> => {
  const max = Math.min(event.max ?? 500, 5000);
  let replayed = 0;
  let dropped = 0;
  while (replayed + dropped < max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: config.DEAD_LETTER_QUEUE_URL,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      let record: FailureRecord | undefined;
      try {
        record = JSON.parse(m.Body ?? '') as FailureRecord;
      } catch {
        record = undefined;
      }
      if (!record?.requestPayload?.body) {
        // Not a worker failure record: keep it for a human (it returns after the visibility timeout).
        dropped += 1;
        logger.warn('DLQ message is not a worker failure record; left in the queue', {
          messageId: m.MessageId,
        });
        continue;
      }
      await invokeWorker({ ...record.requestPayload, replayed: true });
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: config.DEAD_LETTER_QUEUE_URL, ReceiptHandle: m.ReceiptHandle }),
      );
      replayed += 1;
    }
  }
  logger.info('replay finished', { replayed, dropped });
  return { replayed, dropped };
};
