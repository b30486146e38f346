import { createHash, randomUUID } from 'node:crypto';
import {
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import {
  cancellationReasons,
  decodeCursor,
  documentClient,
  encodeCursor,
  idempotencyStore,
  type ListResponse,
  tableName,
  ttlIn,
} from '../db';
import { NotFoundError, ValidationError } from '../errors';
import { getConsultant, getService } from './catalog';
import {
  ConcurrentChangeError,
  CutoffPassedError,
  IdempotencyKeyReusedError,
  NotModifiableError,
  SlotNotOfferedError,
  SlotTakenError,
} from './errors';
import {
  appointmentKey,
  appointmentSortKey,
  guardKey,
  idempotencyKey,
  monthBucket,
  stripKeys,
  userAppointmentsPk,
} from './keys';
import type {
  Actor,
  Appointment,
  AppointmentStatus,
  Channel,
  Consultant,
  HistoryEntry,
  Service,
} from './model';
import { afterChange } from './notify';
import { type BookingPolicy, bookingPolicy } from './policy';
import { fitsSchedule, occupiedBlocks, slotRefusal } from './slots';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const MINUTE = 60_000;
/** Guard items outlive their appointment by this long, then DynamoDB's TTL removes them. */
const GUARD_TTL_AFTER_END_S = 7 * 86_400;
/** Idempotency records are kept this long (a client retry window). */
const IDEMPOTENCY_TTL_S = 24 * 3600;
/** Attempts of a transaction cancelled only by `TransactionConflict` (another transaction in flight). */
const CONFLICT_ATTEMPTS = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs a transaction; when DynamoDB cancels it only because another transaction touched the same
 * items at the same moment (`TransactionConflict`), retries with jitter so the race is decided by
 * the conditions (one winner, the others `ConditionalCheckFailed`), never by the collision.
 */
async function transact(items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      const reasons = cancellationReasons(err);
      const conflictOnly =
        (reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed')) ||
        (err as { name?: string }).name === 'TransactionConflictException';
      if (!conflictOnly || attempt >= CONFLICT_ATTEMPTS) throw err;
      await sleep(Math.floor(Math.random() * 25 * 2 ** attempt));
    }
  }
}

function appointmentItem(a: Appointment) {
  return {
    ...appointmentKey(a.appointmentId),
    type: 'appointment',
    gsi1pk: userAppointmentsPk(a.userId),
    gsi1sk: appointmentSortKey(a.start, a.appointmentId),
    gsi2pk: monthBucket(a.start),
    gsi2sk: appointmentSortKey(a.start, a.appointmentId),
    ...a,
  };
}

/** Guard Puts for blocks, each `attribute_not_exists(pk)`: the block must be free. */
function claimGuards(a: Appointment, blocks: number[]): TransactItem[] {
  const expiresAt = ttlIn(GUARD_TTL_AFTER_END_S, Date.parse(a.end));
  return blocks.map((b) => ({
    Put: {
      TableName: tableName(),
      Item: { ...guardKey(a.consultantId, b), type: 'slotGuard', appointmentId: a.appointmentId, expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)', // blockIsFree
    },
  }));
}

/** Guard Deletes; a block is only released by the appointment that holds it. */
function releaseGuards(consultantId: string, appointmentId: string, blocks: number[]): TransactItem[] {
  return blocks.map((b) => ({
    Delete: {
      TableName: tableName(),
      Key: guardKey(consultantId, b),
      // blockHeldByThisAppointment (or already gone: expired guards of long-past appointments).
      ConditionExpression: 'attribute_not_exists(pk) OR appointmentId = :id',
      ExpressionAttributeValues: { ':id': appointmentId },
    },
  }));
}

const blocksOf = (a: Pick<Appointment, 'start' | 'end' | 'bufferAfterMinutes'>) =>
  occupiedBlocks(Date.parse(a.start), Date.parse(a.end), a.bufferAfterMinutes);

// --- reads -----------------------------------------------------------------------------------

export async function getAppointment(appointmentId: string): Promise<Appointment | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: appointmentKey(appointmentId), ConsistentRead: true }),
  );
  return out.Item ? stripKeys<Appointment>(out.Item) : undefined;
}

/**
 * The appointment if it exists and, when `userId` is given, belongs to that user. Someone else's
 * appointment is reported exactly like a missing one (404), so ids cannot be probed.
 */
export async function requireAppointment(appointmentId: string, userId?: string): Promise<Appointment> {
  const a = await getAppointment(appointmentId);
  if (!a || (userId !== undefined && a.userId !== userId)) throw new NotFoundError('appointment');
  return a;
}

export interface ListUserAppointmentsOptions {
  status?: AppointmentStatus;
  /** Page size. @default 20 */
  limit?: number;
  cursor?: string;
  /** By start time: `desc` (latest first) or `asc`. @default 'desc' */
  order?: 'asc' | 'desc';
}

/** A user's own appointments by start time, paginated (gsi1). */
export async function listUserAppointments(
  userId: string,
  options: ListUserAppointmentsOptions = {},
): Promise<ListResponse<Appointment> & { /** @deprecated use `nextCursor` */ cursor?: string }> {
  const limit = options.limit ?? 20;
  const pk = userAppointmentsPk(userId);
  // Bound to this user's partition: a cursor of another user's list is a 400.
  let start: Record<string, unknown> | undefined = decodeCursor(options.cursor, {
    bound: { gsi1pk: pk },
    required: ['pk', 'sk', 'gsi1sk'],
  });
  const items: Appointment[] = [];
  // A status filter is applied after the key read, so a page may need several reads to fill.
  do {
    const input: QueryCommandInput = {
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(options.status ? { ':status': options.status } : {}) },
      ...(options.status
        ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }
        : {}),
      ScanIndexForward: options.order === 'asc',
      Limit: limit - items.length,
      ...(start ? { ExclusiveStartKey: start } : {}),
    };
    const out = await documentClient().send(new QueryCommand(input));
    items.push(...(out.Items ?? []).map((i) => stripKeys<Appointment>(i)));
    start = out.LastEvaluatedKey;
  } while (start && items.length < limit);
  const cursor = encodeCursor(start);
  return { items, nextCursor: cursor ?? null, ...(cursor ? { cursor } : {}) };
}

export interface ListAppointmentsQuery {
  /** Start of the range (UTC ISO), inclusive. */
  from: string;
  /** End of the range (UTC ISO), exclusive. At most 93 days after `from`. */
  to: string;
  consultantId?: string;
  status?: AppointmentStatus;
  userId?: string;
}

/**
 * Everyone's appointments starting in `[from, to)` (staff views), by start time, optionally for
 * one consultant, status or user. Reads the UTC-month buckets of gsi2 (one query per month), or
 * the user's gsi1 partition when `userId` is given.
 */
export async function listAppointments(q: ListAppointmentsQuery): Promise<Appointment[]> {
  const from = new Date(q.from).toISOString();
  const to = new Date(q.to).toISOString();
  if (Date.parse(to) - Date.parse(from) > 93 * 86_400_000)
    throw new ValidationError([{ field: 'query.to', message: 'range must be at most 93 days' }]);
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':from': from, ':to': to };
  if (q.consultantId) {
    filters.push('consultantId = :cid');
    values[':cid'] = q.consultantId;
  }
  if (q.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = q.status;
  }
  const partitions: { index: 'gsi1' | 'gsi2'; pk: string }[] = [];
  if (q.userId) partitions.push({ index: 'gsi1', pk: userAppointmentsPk(q.userId) });
  else {
    let m = DateTime.fromISO(from, { zone: 'utc' }).startOf('month');
    while (m.toMillis() < Date.parse(to)) {
      partitions.push({ index: 'gsi2', pk: monthBucket(m.toISO() as string) });
      m = m.plus({ months: 1 });
    }
  }
  const out: Appointment[] = [];
  for (const p of partitions) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: tableName(),
          IndexName: p.index,
          // Sort keys are `<start>#<id>`: `:to` (exclusive) sorts before any key starting at `to`.
          KeyConditionExpression: `${p.index}pk = :pk AND ${p.index}sk BETWEEN :from AND :to`,
          ExpressionAttributeValues: { ...values, ':pk': p.pk },
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      out.push(...(page.Items ?? []).map((i) => stripKeys<Appointment>(i)));
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return out.filter((a) => a.start < to).sort((a, b) => a.start.localeCompare(b.start));
}

// --- booking ---------------------------------------------------------------------------------

export interface BookInput {
  userId: string;
  serviceId: string;
  consultantId: string;
  /** Requested start (any ISO 8601 offset; stored as UTC). */
  start: string;
  channel: Channel;
  actor: Actor;
  /** The client's `Idempotency-Key`: a retry with the same key and body returns the first result. */
  idempotencyKey?: string;
  /** Staff booking on behalf of a customer may ignore the minimum notice. @default false */
  ignoreNotice?: boolean;
  now?: Date;
  policy?: BookingPolicy;
}

export interface BookResult {
  appointment: Appointment;
  /** True when this was a retry answered from the idempotency record (nothing new booked). */
  replayed: boolean;
}

async function loadBookable(serviceId: string, consultantId: string) {
  const [service, consultant] = await Promise.all([getService(serviceId), getConsultant(consultantId)]);
  if (!service?.active) throw new SlotNotOfferedError('serviceInactive', 'body.serviceId');
  if (!consultant?.active) throw new SlotNotOfferedError('consultantInactive', 'body.consultantId');
  if (!consultant.serviceIds.includes(serviceId))
    throw new SlotNotOfferedError('serviceNotOffered', 'body.consultantId');
  return { service, consultant };
}

function checkOffered(
  service: Service,
  consultant: Consultant,
  start: Date,
  now: Date,
  policy: BookingPolicy,
  ignoreNotice: boolean,
) {
  const refusal = slotRefusal(service, consultant, start, now, policy, { ignoreNotice });
  if (refusal) throw new SlotNotOfferedError(refusal);
}

const requestHash = (i: BookInput) =>
  createHash('sha256')
    .update(JSON.stringify([i.serviceId, i.consultantId, new Date(i.start).toISOString()]))
    .digest('hex');

/** Idempotent POST /appointments: the record holds the request's hash and the first booking. */
const bookings = idempotencyStore<Appointment>({
  type: 'idempotency',
  key: (id) => {
    const [userId, key] = JSON.parse(id) as [string, string];
    return idempotencyKey(userId, key);
  },
  ttlSeconds: IDEMPOTENCY_TTL_S,
});
const bookingOperation = (userId: string, key: string) => JSON.stringify([userId, key]);

async function replay(userId: string, key: string, hash: string): Promise<BookResult | undefined> {
  const record = await bookings.find(bookingOperation(userId, key));
  if (!record) return undefined;
  if (record.requestHash !== hash) throw new IdempotencyKeyReusedError();
  return { appointment: record.response as Appointment, replayed: true };
}

/**
 * Books a slot. One transaction writes the appointment, one guard item per 5-minute block of
 * `[start, end + buffer)` (each `attribute_not_exists`) and, with an idempotency key, the
 * idempotency record: two overlapping bookings of one consultant share a block, so exactly one
 * commits and the other gets `SlotTakenError` (409). Confirmation and analytics follow the commit.
 */
export async function bookAppointment(input: BookInput): Promise<BookResult> {
  const now = input.now ?? new Date();
  const policy = input.policy ?? bookingPolicy();
  const hash = requestHash(input);
  if (input.idempotencyKey) {
    const previous = await replay(input.userId, input.idempotencyKey, hash);
    if (previous) return previous;
  }
  const { service, consultant } = await loadBookable(input.serviceId, input.consultantId);
  const start = new Date(input.start);
  checkOffered(service, consultant, start, now, policy, input.ignoreNotice ?? false);

  const at = now.toISOString();
  const end = new Date(start.getTime() + service.durationMinutes * MINUTE);
  const entry: HistoryEntry = {
    at,
    action: 'booked',
    channel: input.channel,
    by: input.actor,
    to: { start: start.toISOString(), end: end.toISOString(), consultantId: consultant.consultantId },
  };
  const appointment: Appointment = {
    appointmentId: randomUUID(),
    userId: input.userId,
    consultantId: consultant.consultantId,
    serviceId: service.serviceId,
    serviceName: service.name,
    consultantName: consultant.name,
    start: start.toISOString(),
    end: end.toISOString(),
    bufferAfterMinutes: service.bufferAfterMinutes,
    timeZone: consultant.timeZone,
    status: 'booked',
    channel: input.channel,
    history: [entry],
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName(),
        Item: appointmentItem(appointment),
        ConditionExpression: 'attribute_not_exists(pk)', // appointmentIdIsNew
      },
    },
    ...claimGuards(appointment, blocksOf(appointment)),
  ];
  if (input.idempotencyKey) {
    items.push(
      bookings.completedInTransaction(bookingOperation(input.userId, input.idempotencyKey), {
        requestHash: hash,
        response: appointment,
        now: now.getTime(),
      }),
    );
  }
  try {
    await transact(items);
  } catch (err) {
    const reasons = cancellationReasons(err);
    // A parallel retry with the same key committed first: answer with its result.
    if (input.idempotencyKey && reasons.at(-1) === 'ConditionalCheckFailed') {
      const previous = await replay(input.userId, input.idempotencyKey, hash);
      if (previous) return previous;
    }
    if (reasons.includes('ConditionalCheckFailed')) throw new SlotTakenError();
    throw err;
  }
  await afterChange('booked', appointment);
  return { appointment, replayed: false };
}

// --- changes ---------------------------------------------------------------------------------

export interface ChangeOptions {
  actor: Actor;
  channel: Channel;
  /** When set, the appointment must belong to this user (else 404). */
  userId?: string;
  /** Customers are held to the cut-off; staff are not. @default true */
  enforceCutoff?: boolean;
  now?: Date;
  policy?: BookingPolicy;
}

function assertChangeable(
  a: Appointment,
  action: 'cancel' | 'reschedule',
  o: ChangeOptions,
  policy: BookingPolicy,
) {
  if (a.status !== 'booked') throw new NotModifiableError(a.status);
  const now = (o.now ?? new Date()).getTime();
  if (Date.parse(a.start) <= now)
    throw new NotModifiableError(a.status, 'the appointment has already started');
  if ((o.enforceCutoff ?? true) && Date.parse(a.start) - now < policy.cutoffMinutes * MINUTE)
    throw new CutoffPassedError(action, policy.cutoffMinutes);
}

/** The appointment's Update inside a transaction: only from the version we read, still booked. */
function updateAppointment(before: Appointment, after: Appointment): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: appointmentItem(after),
      // appointmentUnchangedSinceRead: a concurrent cancel/reschedule makes this one fail.
      ConditionExpression: '#version = :seen AND #status = :booked',
      ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
      ExpressionAttributeValues: { ':seen': before.version, ':booked': 'booked' },
    },
  };
}

/**
 * Cancels a booked appointment and releases its guard blocks in one transaction (the slot is
 * offered again at once). Customers are held to the cut-off before the start.
 */
export async function cancelAppointment(
  appointmentId: string,
  options: ChangeOptions & { reason?: string },
): Promise<Appointment> {
  const policy = options.policy ?? bookingPolicy();
  const before = await requireAppointment(appointmentId, options.userId);
  assertChangeable(before, 'cancel', options, policy);
  const at = (options.now ?? new Date()).toISOString();
  const after: Appointment = {
    ...before,
    status: 'cancelled',
    ...(options.reason ? { cancelReason: options.reason } : {}),
    version: before.version + 1,
    updatedAt: at,
    history: [
      ...before.history,
      {
        at,
        action: 'cancelled',
        channel: options.channel,
        by: options.actor,
        ...(options.reason ? { reason: options.reason } : {}),
      },
    ],
  };
  try {
    await transact([
      updateAppointment(before, after),
      ...releaseGuards(before.consultantId, before.appointmentId, blocksOf(before)),
    ]);
  } catch (err) {
    if (cancellationReasons(err).includes('ConditionalCheckFailed'))
      throw new ConcurrentChangeError('appointment');
    throw err;
  }
  await afterChange('cancelled', after);
  return after;
}

/**
 * Moves a booked appointment to a new start (and optionally another consultant) atomically: the
 * appointment update, the release of the old blocks and the claim of the new ones are one
 * transaction. If the new slot is taken the appointment keeps its old slot (`SlotTakenError`).
 */
export async function rescheduleAppointment(
  appointmentId: string,
  target: { start: string; consultantId?: string },
  options: ChangeOptions & { ignoreNotice?: boolean },
): Promise<Appointment> {
  const policy = options.policy ?? bookingPolicy();
  const now = options.now ?? new Date();
  const before = await requireAppointment(appointmentId, options.userId);
  assertChangeable(before, 'reschedule', options, policy);
  const { service, consultant } = await loadBookable(
    before.serviceId,
    target.consultantId ?? before.consultantId,
  );
  const start = new Date(target.start);
  if (start.toISOString() === before.start && consultant.consultantId === before.consultantId) return before;
  checkOffered(service, consultant, start, now, policy, options.ignoreNotice ?? false);

  const at = now.toISOString();
  const end = new Date(start.getTime() + service.durationMinutes * MINUTE);
  const after: Appointment = {
    ...before,
    consultantId: consultant.consultantId,
    consultantName: consultant.name,
    timeZone: consultant.timeZone,
    serviceName: service.name,
    start: start.toISOString(),
    end: end.toISOString(),
    bufferAfterMinutes: service.bufferAfterMinutes,
    version: before.version + 1,
    updatedAt: at,
    history: [
      ...before.history,
      {
        at,
        action: 'rescheduled',
        channel: options.channel,
        by: options.actor,
        from: { start: before.start, end: before.end, consultantId: before.consultantId },
        to: { start: start.toISOString(), end: end.toISOString(), consultantId: consultant.consultantId },
      },
    ],
  };
  // Blocks held before and after stay put (one transaction cannot delete and put the same item).
  const sameConsultant = before.consultantId === after.consultantId;
  const oldBlocks = blocksOf(before);
  const newBlocks = blocksOf(after);
  const kept = new Set(sameConsultant ? oldBlocks.filter((b) => newBlocks.includes(b)) : []);
  const items: TransactItem[] = [
    updateAppointment(before, after),
    ...releaseGuards(
      before.consultantId,
      before.appointmentId,
      oldBlocks.filter((b) => !kept.has(b)),
    ),
    ...claimGuards(
      after,
      newBlocks.filter((b) => !kept.has(b)),
    ),
  ];
  try {
    await transact(items);
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons[0] === 'ConditionalCheckFailed') throw new ConcurrentChangeError('appointment');
    if (reasons.includes('ConditionalCheckFailed')) throw new SlotTakenError();
    throw err;
  }
  await afterChange('rescheduled', after);
  return after;
}

/**
 * Staff record the outcome of an appointment that has started: `completed` or `no_show`. The
 * guard blocks stay (the time was used).
 */
export async function markAppointmentOutcome(
  appointmentId: string,
  outcome: 'completed' | 'no_show',
  options: { actor: Actor; now?: Date; note?: string },
): Promise<Appointment> {
  const before = await requireAppointment(appointmentId);
  if (before.status !== 'booked') throw new NotModifiableError(before.status);
  const now = options.now ?? new Date();
  if (Date.parse(before.start) > now.getTime())
    throw new NotModifiableError(before.status, 'the appointment has not started yet');
  const at = now.toISOString();
  const after: Appointment = {
    ...before,
    status: outcome,
    version: before.version + 1,
    updatedAt: at,
    history: [
      ...before.history,
      {
        at,
        action: outcome,
        channel: 'admin',
        by: options.actor,
        ...(options.note ? { reason: options.note } : {}),
      },
    ],
  };
  try {
    await transact([updateAppointment(before, after)]);
  } catch (err) {
    if (cancellationReasons(err).includes('ConditionalCheckFailed'))
      throw new ConcurrentChangeError('appointment');
    throw err;
  }
  await afterChange(outcome, after);
  return after;
}

/** A proposed schedule change of a consultant (any field left out keeps its current value). */
export interface ScheduleChange {
  weeklyHours?: Consultant['weeklyHours'];
  timeOff?: { start: string; end: string }[];
  timeZone?: string;
  serviceIds?: string[];
  active?: boolean;
}

/**
 * Future booked appointments of a consultant that the proposed change would orphan: outside the
 * new hours, inside new time off, of a service no longer offered, or with the consultant
 * deactivated. Staff see them before saving (then reschedule or cancel them).
 */
export async function findOrphanedAppointments(
  consultantId: string,
  change: ScheduleChange,
  now = new Date(),
): Promise<Appointment[]> {
  const current = await getConsultant(consultantId);
  if (!current) throw new NotFoundError('consultant');
  const proposed = {
    timeZone: change.timeZone ?? current.timeZone,
    weeklyHours: change.weeklyHours ?? current.weeklyHours,
    timeOff: (change.timeOff ?? current.timeOff).map((t, i) => ({ timeOffId: String(i), ...t })),
  };
  const serviceIds = change.serviceIds ?? current.serviceIds;
  const active = change.active ?? current.active;
  const upcoming: Appointment[] = [];
  // Appointments may lie beyond today's horizon (a shortened horizon keeps them): look a year ahead.
  for (let from = now.getTime(); from < now.getTime() + 366 * 86_400_000; from += 90 * 86_400_000) {
    upcoming.push(
      ...(await listAppointments({
        from: new Date(from).toISOString(),
        to: new Date(from + 90 * 86_400_000).toISOString(),
        consultantId,
        status: 'booked',
      })),
    );
  }
  return upcoming.filter(
    (a) =>
      !active ||
      !serviceIds.includes(a.serviceId) ||
      !fitsSchedule(proposed, Date.parse(a.start), Date.parse(a.end)),
  );
}

/** What a customer sees of an appointment: no version counter, no staff ids in the history. */
export function publicAppointment(a: Appointment) {
  const { version: _v, ...rest } = a;
  return { ...rest, history: a.history.map((h) => ({ ...h, by: { kind: h.by.kind } })) };
}
