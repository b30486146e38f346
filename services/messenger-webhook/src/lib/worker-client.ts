import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { loadConfig, z } from '@bookingbot/common/config';
import type { WebhookBody } from '@bookingbot/common/messenger';

/** What the webhook hands to the worker: the verified body as received, and when it arrived. */
export interface WorkerPayload {
  body: WebhookBody;
  receivedAt: number;
  correlationId?: string;
  /** Set by the replay command: the payload came back from the dead-letter queue. */
  replayed?: boolean;
}

const config = loadConfig({
  /** `<service>-<stage>-worker`, set by serverless.yml. */
  WORKER_FUNCTION_NAME: z.string().min(1).default('bookingbot-messenger-webhook-local-worker'),
  /** Set only locally: serverless-offline's Lambda invoke endpoint. */
  MESSENGER_LAMBDA_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
});

// Created at cold start so a warm POST pays only for the invoke itself.
const lambda = new LambdaClient(
  config.MESSENGER_LAMBDA_ENDPOINT
    ? { endpoint: config.MESSENGER_LAMBDA_ENDPOINT, region: config.AWS_REGION, maxAttempts: 2 }
    : { region: config.AWS_REGION, maxAttempts: 3 },
);

/**
 * The worker payload built around the verified raw body, without re-serializing it (the body is
 * already JSON: the webhook's hot path stays at one parse).
 */
export function workerPayloadJson(rawBody: string, receivedAt: number, correlationId?: string): string {
  const id = correlationId ? `,"correlationId":${JSON.stringify(correlationId)}` : '';
  return `{"receivedAt":${receivedAt}${id},"body":${rawBody}}`;
}

/**
 * Hands a payload to the worker with an asynchronous invoke (`InvocationType: 'Event'`): Lambda
 * queues it, retries twice on failure and then parks it on the worker's on-failure destination.
 */
export async function invokeWorker(payload: WorkerPayload | string): Promise<void> {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: config.WORKER_FUNCTION_NAME,
      InvocationType: 'Event',
      Payload: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)),
    }),
  );
  if (out.StatusCode !== 202) throw new Error(`worker invoke answered ${out.StatusCode}`);
}
