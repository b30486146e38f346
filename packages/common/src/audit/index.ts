import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db';

/**
 * The audit log of staff writes: who (admin user and session), what (action and target), when,
 * and the target's state before and after. Append-only: nothing updates or deletes an entry, and
 * it has no TTL.
 *
 * Key layout (docs/data-model.md "Admin and analytics"):
 * - all entries, newest first:  pk `AUDIT`, sk `<isoTime>#<auditId>` (staff writes are a few per
 *   minute, far below one partition's 1,000 writes/s)
 * - by target:                  gsi1pk `AUDIT#<targetType>#<targetId>`, gsi1sk `<isoTime>#<auditId>`
 * - by actor:                   gsi2pk `AUDITBY#<actorId>`, gsi2sk `<isoTime>#<auditId>`
 */
export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { userId: string; sessionId?: string };
  /** Dotted verb, e.g. `user.block`, `service.update`, `appointment.cancel`. */
  action: string;
  target: { type: string; id: string };
  before: unknown;
  after: unknown;
  /** Free-text reason given by the admin, when the action takes one. */
  reason?: string;
}

export type AuditInput = Omit<AuditEntry, 'auditId' | 'at'> & { at?: Date };

const ITEM_TYPE = 'auditEntry';

function toItem(input: AuditInput): Record<string, unknown> {
  const at = (input.at ?? new Date()).toISOString();
  const auditId = randomUUID();
  const sk = `${at}#${auditId}`;
  const entry: AuditEntry = {
    auditId,
    at,
    actor: input.actor,
    action: input.action,
    target: input.target,
    before: input.before ?? null,
    after: input.after ?? null,
    ...(input.reason ? { reason: input.reason } : {}),
  };
  return {
    pk: 'AUDIT',
    sk,
    gsi1pk: `AUDIT#${input.target.type}#${input.target.id}`,
    gsi1sk: sk,
    gsi2pk: `AUDITBY#${input.actor.userId}`,
    gsi2sk: sk,
    type: ITEM_TYPE,
    ...entry,
  };
}

/**
 * The audit entry as a TransactWriteItems `Put`, for writes that must be atomic with their audit
 * (include it in the same transaction as the change).
 */
export function auditTransactItem(input: AuditInput): {
  Put: { TableName: string; Item: Record<string, unknown> };
} {
  return { Put: { TableName: tableName(), Item: toItem(input) } };
}

/**
 * Records one audit entry. Not best effort: if it cannot be written the caller's request fails
 * (503), so a change is never reported as done without its audit.
 */
export async function recordAudit(input: AuditInput): Promise<AuditEntry> {
  const item = toItem(input);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: item }));
  return fromItem(item);
}

function fromItem(item: Record<string, unknown>): AuditEntry {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, type: _t, ...entry } = item;
  return entry as unknown as AuditEntry;
}

export interface AuditQuery {
  /** Only entries about this target. */
  target?: { type: string; id: string };
  /** Only entries by this admin. */
  actorId?: string;
  /** ISO bounds on `at` (inclusive from, exclusive to). */
  from?: string;
  to?: string;
  /** @default 50 */
  limit?: number;
  cursor?: Record<string, unknown>;
}

/** Audit entries, newest first, from one key or index, paginated by DynamoDB's last key. */
export async function listAudit(
  q: AuditQuery = {},
): Promise<{ entries: AuditEntry[]; next?: Record<string, unknown> }> {
  const [index, pkName, skName, pkValue] = q.target
    ? (['gsi1', 'gsi1pk', 'gsi1sk', `AUDIT#${q.target.type}#${q.target.id}`] as const)
    : q.actorId
      ? (['gsi2', 'gsi2pk', 'gsi2sk', `AUDITBY#${q.actorId}`] as const)
      : ([undefined, 'pk', 'sk', 'AUDIT'] as const);
  const values: Record<string, unknown> = { ':pk': pkValue, ':from': q.from ?? '0', ':to': q.to ?? '9' };
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      ...(index ? { IndexName: index } : {}),
      // ISO timestamps sort lexically; '0'..'9' bound every timestamp when no range is given.
      KeyConditionExpression: `#pk = :pk AND #sk BETWEEN :from AND :to`,
      ExpressionAttributeNames: { '#pk': pkName, '#sk': skName },
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: q.limit ?? 50,
      ...(q.cursor ? { ExclusiveStartKey: q.cursor } : {}),
    }),
  );
  return {
    entries: (out.Items ?? []).map(fromItem),
    ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}),
  };
}
