import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import { documentClient, tableName } from '../db';
import { NotFoundError } from '../errors';
import { getConsultant, getService, listConsultants } from './catalog';
import { guardPartition } from './keys';
import type { Consultant, Slot } from './model';
import { type BookingPolicy, bookingPolicy, MAX_OCCUPANCY_MINUTES } from './policy';
import { computeSlots } from './slots';

/** Guard blocks held for a consultant in `[fromMs, toMs)` (epoch ms), read from the per-day partitions. */
export async function takenBlocks(consultantId: string, fromMs: number, toMs: number): Promise<Set<number>> {
  const taken = new Set<number>();
  const days: string[] = [];
  for (
    let d = DateTime.fromMillis(fromMs, { zone: 'utc' }).startOf('day');
    d.toMillis() < toMs;
    d = d.plus({ days: 1 })
  )
    days.push(d.toISODate() as string);
  await Promise.all(
    days.map(async (day) => {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await documentClient().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':pk': guardPartition(consultantId, day),
              ':from': new Date(fromMs).toISOString(),
              ':to': new Date(toMs).toISOString(),
            },
            ProjectionExpression: 'sk',
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of out.Items ?? []) taken.add(Date.parse(item.sk as string));
        start = out.LastEvaluatedKey;
      } while (start);
    }),
  );
  return taken;
}

export interface AvailabilityQuery {
  serviceId: string;
  /** `YYYY-MM-DD`: a calendar day in `timeZone`, or in each consultant's own zone when omitted. */
  date: string;
  consultantId?: string;
  timeZone?: string;
  now?: Date;
  policy?: BookingPolicy;
}

/**
 * Open slots of a service on one day, across its active consultants (or one), sorted by start
 * then consultant. Unknown service or consultant → `NotFoundError`; an inactive one → no slots.
 */
export async function getAvailability(q: AvailabilityQuery): Promise<Slot[]> {
  const policy = q.policy ?? bookingPolicy();
  const now = q.now ?? new Date();
  const service = await getService(q.serviceId);
  if (!service) throw new NotFoundError('service');
  let consultants: Consultant[];
  if (q.consultantId) {
    const c = await getConsultant(q.consultantId);
    if (!c) throw new NotFoundError('consultant');
    consultants = c.active && c.serviceIds.includes(service.serviceId) ? [c] : [];
  } else {
    consultants = await listConsultants({ serviceId: service.serviceId });
  }
  if (!service.active) return [];
  const perConsultant = await Promise.all(
    consultants.map(async (consultant) => {
      const day = DateTime.fromISO(q.date, { zone: q.timeZone ?? consultant.timeZone }).startOf('day');
      const from = day.toJSDate();
      const to = day.plus({ days: 1 }).toJSDate();
      const pad = MAX_OCCUPANCY_MINUTES * 60_000;
      const earliest = Math.max(from.getTime(), now.getTime());
      const latest = Math.min(to.getTime(), now.getTime() + policy.horizonDays * 86_400_000 + 1);
      if (earliest >= latest) return [];
      const taken = await takenBlocks(consultant.consultantId, earliest - pad, latest + pad);
      return computeSlots({ service, consultant, from, to, now, policy, takenBlocks: taken });
    }),
  );
  return perConsultant
    .flat()
    .sort((a, b) => a.start.localeCompare(b.start) || a.consultantId.localeCompare(b.consultantId));
}
