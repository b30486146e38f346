import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { baseConfig } from '../config/index';
import { AppError, DependencyError } from '../errors/index';
import { traceClient } from '../tracing/index';

/**
 * One DynamoDB document client per process (created lazily, reused across invocations).
 * Locally `DYNAMODB_ENDPOINT` points at DynamoDB Local; tests refuse any other endpoint
 * (`assertLocalEndpoints` in ../testing).
 */
let docClient: DynamoDBDocumentClient | undefined;

export function dynamoClientConfig(): DynamoDBClientConfig {
  const cfg = baseConfig();
  return cfg.DYNAMODB_ENDPOINT
    ? {
        endpoint: cfg.DYNAMODB_ENDPOINT,
        region: cfg.AWS_REGION,
        // DynamoDB Local accepts any credentials; these keep the SDK from searching for real ones.
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
      }
    : { region: cfg.AWS_REGION, maxAttempts: 3 };
}

/** The shared document client (`removeUndefinedValues` on, so optional fields may be undefined). */
export function documentClient(): DynamoDBDocumentClient {
  // Traced at the base client: each DynamoDB call is an X-Ray subsegment (a no-op off Lambda).
  docClient ??= DynamoDBDocumentClient.from(traceClient(new DynamoDBClient(dynamoClientConfig())), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return docClient;
}

/** Replaces the shared client (tests inject a failing client to exercise fault paths). */
export function setDocumentClient(client: DynamoDBDocumentClient | undefined): void {
  docClient = client;
}

/** The single table's name for this stage. */
export function tableName(): string {
  return baseConfig().TABLE_NAME;
}

/** Epoch seconds `secondsFromNow` ahead: the value of the table's TTL attribute (`expiresAt`). */
export function ttlIn(secondsFromNow: number, now = Date.now()): number {
  return Math.floor(now / 1000) + secondsFromNow;
}

export function isConditionalCheckFailed(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/**
 * The per-item cancellation reasons of a failed TransactWriteItems (`'ConditionalCheckFailed'`,
 * `'None'`, ...), in request order; empty when the error is not a transaction cancellation.
 */
export function cancellationReasons(err: unknown): string[] {
  const e = err as { name?: string; CancellationReasons?: { Code?: string }[] } | undefined;
  if (e?.name !== 'TransactionCanceledException') return [];
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/**
 * Maps an unexpected DynamoDB failure to a domain error: throttling or an unreachable endpoint
 * becomes a retryable `dependency.unavailable` (503 + Retry-After); domain errors pass through.
 */
export function mapDynamoError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { name?: string; code?: string; $retryable?: unknown } | undefined;
  if (e && (RETRYABLE.has(e.name ?? '') || RETRYABLE.has(e.code ?? '') || e.$retryable)) {
    return new DependencyError('DynamoDB', err);
  }
  return err;
}

export {
  CURSOR_MAX,
  type CursorKey,
  type DecodeCursorOptions,
  decodeCursor,
  encodeCursor,
  type ListResponse,
  listResponse,
  page,
} from './cursor';
export {
  type Claim,
  type ClaimOptions,
  type IdempotencyOptions,
  type IdempotencyRecord,
  type IdempotencyStatus,
  type IdempotencyStore,
  type IdempotencyTransactPut,
  idempotencyStore,
} from './idempotency';
export { consumeRateLimit, type RateLimitRule, rateLimit } from './rate-limit';
