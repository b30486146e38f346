import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed, tableName } from '../db';
import { NotFoundError } from '../errors';
import { ConcurrentChangeError } from './errors';
import { CATALOG_PK, consultantKey, serviceKey, stripKeys } from './keys';
import {
  type Consultant,
  type ConsultantInput,
  consultantInputSchema,
  type Service,
  type ServiceInput,
  serviceInputSchema,
  type TimeOff,
  type WeeklyHours,
} from './model';

/**
 * The catalog: services and consultants (with weekly hours and time off). One small partition
 * (`CATALOG`): a business has tens of items, read together by every availability query.
 */

// --- services --------------------------------------------------------------------------------

/** Creates a service (input validated with `serviceInputSchema`; bufferAfterMinutes @default 0, active @default true). */
export async function createService(input: ServiceInput, serviceId: string = randomUUID()): Promise<Service> {
  const data = serviceInputSchema().parse(input);
  const now = new Date().toISOString();
  const service: Service = { serviceId, ...data, createdAt: now, updatedAt: now };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...serviceKey(serviceId), type: 'service', ...service },
      ConditionExpression: 'attribute_not_exists(pk)', // serviceIdIsNew
    }),
  );
  return service;
}

export async function getService(serviceId: string): Promise<Service | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: serviceKey(serviceId) }),
  );
  return out.Item ? stripKeys<Service>(out.Item) : undefined;
}

async function queryCatalog(prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': CATALOG_PK, ':prefix': prefix },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Services by name; inactive ones only with `includeInactive` (staff). */
export async function listServices(options: { includeInactive?: boolean } = {}): Promise<Service[]> {
  const services = (await queryCatalog('SERVICE#')).map((i) => stripKeys<Service>(i));
  return services
    .filter((s) => options.includeInactive || s.active)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Replaces a service's fields (full input, validated); `NotFoundError` when it does not exist. */
export async function updateService(serviceId: string, input: ServiceInput): Promise<Service> {
  const existing = await getService(serviceId);
  if (!existing) throw new NotFoundError('service');
  const data = serviceInputSchema().parse(input);
  const service: Service = {
    serviceId,
    ...data,
    createdAt: existing.createdAt,
    updatedAt: new Date().toISOString(),
  };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...serviceKey(serviceId), type: 'service', ...service },
        // serviceUnchangedSinceRead: a concurrent edit is refused, never silently overwritten.
        ConditionExpression: 'updatedAt = :seen',
        ExpressionAttributeValues: { ':seen': existing.updatedAt },
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new ConcurrentChangeError('service');
    throw err;
  }
  return service;
}

/**
 * Deletes a service. Appointments keep their copy of its name and times; consultants offering it
 * simply stop offering it. Deactivating (`active: false`) is the reversible alternative.
 */
export async function deleteService(serviceId: string): Promise<void> {
  try {
    await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: serviceKey(serviceId),
        ConditionExpression: 'attribute_exists(pk)', // serviceExists
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new NotFoundError('service');
    throw err;
  }
}

// --- consultants -----------------------------------------------------------------------------

/** Creates a consultant (serviceIds @default [], weeklyHours @default {} = never working, active @default true). */
export async function createConsultant(
  input: ConsultantInput,
  consultantId: string = randomUUID(),
): Promise<Consultant> {
  const data = consultantInputSchema().parse(input);
  const now = new Date().toISOString();
  const consultant: Consultant = {
    consultantId,
    ...data,
    timeOff: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...consultantKey(consultantId), type: 'consultant', ...consultant },
      ConditionExpression: 'attribute_not_exists(pk)', // consultantIdIsNew
    }),
  );
  return consultant;
}

export async function getConsultant(consultantId: string): Promise<Consultant | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: consultantKey(consultantId) }),
  );
  return out.Item ? stripKeys<Consultant>(out.Item) : undefined;
}

export async function requireConsultant(consultantId: string): Promise<Consultant> {
  const c = await getConsultant(consultantId);
  if (!c) throw new NotFoundError('consultant');
  return c;
}

/** Consultants by name, optionally only those offering `serviceId`; inactive ones only with `includeInactive`. */
export async function listConsultants(
  options: { serviceId?: string; includeInactive?: boolean } = {},
): Promise<Consultant[]> {
  const all = (await queryCatalog('CONSULTANT#')).map((i) => stripKeys<Consultant>(i));
  return all
    .filter((c) => options.includeInactive || c.active)
    .filter((c) => !options.serviceId || c.serviceIds.includes(options.serviceId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Writes a consultant back with `version + 1`, only if nobody changed it since `current` was read
 * (optimistic lock); otherwise `ConcurrentChangeError`.
 */
async function saveConsultant(current: Consultant, next: Omit<Consultant, 'version' | 'updatedAt'>) {
  const saved: Consultant = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...consultantKey(current.consultantId), type: 'consultant', ...saved },
        ConditionExpression: '#version = :seen', // consultantUnchangedSinceRead
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':seen': current.version },
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new ConcurrentChangeError('consultant');
    throw err;
  }
  return saved;
}

/**
 * Replaces a consultant's profile, services, zone, hours and active flag (time off is kept).
 * `expectedVersion` (from a previous read) makes a stale edit fail with `ConcurrentChangeError`.
 */
export async function updateConsultant(
  consultantId: string,
  input: ConsultantInput,
  expectedVersion?: number,
): Promise<Consultant> {
  const current = await requireConsultant(consultantId);
  if (expectedVersion !== undefined && expectedVersion !== current.version)
    throw new ConcurrentChangeError('consultant');
  const data = consultantInputSchema().parse(input);
  return saveConsultant(current, { ...current, ...data });
}

/** Replaces the weekly working hours (validated with `weeklyHoursSchema`). */
export async function setWeeklyHours(consultantId: string, weeklyHours: WeeklyHours): Promise<Consultant> {
  const current = await requireConsultant(consultantId);
  const parsed = consultantInputSchema().shape.weeklyHours.parse(weeklyHours) as WeeklyHours;
  return saveConsultant(current, { ...current, weeklyHours: parsed });
}

/** Adds a time-off range (UTC instants); past ranges are pruned on every write. */
export async function addTimeOff(
  consultantId: string,
  timeOff: { start: string; end: string; reason?: string },
  now = new Date(),
): Promise<{ consultant: Consultant; timeOff: TimeOff }> {
  const current = await requireConsultant(consultantId);
  const entry: TimeOff = {
    timeOffId: randomUUID(),
    start: new Date(timeOff.start).toISOString(),
    end: new Date(timeOff.end).toISOString(),
    ...(timeOff.reason ? { reason: timeOff.reason } : {}),
  };
  const kept = current.timeOff.filter((t) => Date.parse(t.end) > now.getTime());
  const consultant = await saveConsultant(current, {
    ...current,
    timeOff: [...kept, entry].sort((a, b) => a.start.localeCompare(b.start)),
  });
  return { consultant, timeOff: entry };
}

export async function removeTimeOff(consultantId: string, timeOffId: string): Promise<Consultant> {
  const current = await requireConsultant(consultantId);
  if (!current.timeOff.some((t) => t.timeOffId === timeOffId)) throw new NotFoundError('time off');
  return saveConsultant(current, {
    ...current,
    timeOff: current.timeOff.filter((t) => t.timeOffId !== timeOffId),
  });
}

export async function deleteConsultant(consultantId: string): Promise<void> {
  try {
    await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: consultantKey(consultantId),
        ConditionExpression: 'attribute_exists(pk)', // consultantExists
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new NotFoundError('consultant');
    throw err;
  }
}

/** Public view of a consultant for customers (no schedule internals). */
export function publicConsultant(c: Consultant) {
  return {
    consultantId: c.consultantId,
    name: c.name,
    bio: c.bio,
    serviceIds: c.serviceIds,
    timeZone: c.timeZone,
  };
}

/** Public view of a service for customers. */
export function publicService(s: Service) {
  return {
    serviceId: s.serviceId,
    name: s.name,
    description: s.description,
    durationMinutes: s.durationMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    priceText: s.priceText,
  };
}
