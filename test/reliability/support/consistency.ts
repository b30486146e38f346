/**
 * The booking invariants, checked on the table itself: no two live appointments of a consultant
 * overlap (start to end plus buffer), every guard block points at a live appointment that covers
 * it, and every booked appointment holds all of its guard blocks.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { GUARD_BLOCK_MINUTES } from '@bookingbot/common/booking';
import { documentClient, tableName } from '@bookingbot/common/db';

const BLOCK_MS = GUARD_BLOCK_MINUTES * 60_000;

interface ApptItem {
  appointmentId: string;
  consultantId: string;
  start: string;
  end: string;
  bufferAfterMinutes: number;
  status: string;
}
interface GuardItem {
  pk: string;
  sk: string;
  appointmentId: string;
}

async function scanAll(filter: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: filter,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: values,
        ExclusiveStartKey,
        ConsistentRead: true,
      }),
    );
    out.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Every broken invariant (empty when consistent), for one consultant or for all of them. */
export async function consistencyProblems(consultantId?: string): Promise<string[]> {
  const scoped = consultantId ? ' AND consultantId = :c' : '';
  const appts = (await scanAll(`#type = :a${scoped}`, {
    ':a': 'appointment',
    ...(consultantId ? { ':c': consultantId } : {}),
  })) as unknown as ApptItem[];
  const guards = (await scanAll(consultantId ? '#type = :g AND begins_with(pk, :p)' : '#type = :g', {
    ':g': 'slotGuard',
    ...(consultantId ? { ':p': `BLOCK#${consultantId}#` } : {}),
  })) as unknown as GuardItem[];
  const problems: string[] = [];
  const occupied = (a: ApptItem): [number, number] => [
    Date.parse(a.start),
    Date.parse(a.end) + a.bufferAfterMinutes * 60_000,
  ];
  const live = appts.filter((a) => a.status === 'booked');
  const byConsultant = new Map<string, ApptItem[]>();
  for (const a of live) byConsultant.set(a.consultantId, [...(byConsultant.get(a.consultantId) ?? []), a]);
  for (const list of byConsultant.values()) {
    list.sort((x, y) => Date.parse(x.start) - Date.parse(y.start));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1] as ApptItem;
      const cur = list[i] as ApptItem;
      if (occupied(prev)[1] > occupied(cur)[0])
        problems.push(`overlap: ${prev.appointmentId} and ${cur.appointmentId} (${cur.consultantId})`);
    }
  }
  const byId = new Map(appts.map((a) => [a.appointmentId, a]));
  const held = new Set<string>();
  for (const g of guards) {
    const a = byId.get(g.appointmentId);
    const at = Date.parse(g.sk);
    held.add(`${g.appointmentId}@${at}`);
    if (!a) problems.push(`guard ${g.pk} ${g.sk} points at a missing appointment ${g.appointmentId}`);
    else if (a.status === 'cancelled')
      problems.push(`guard ${g.pk} ${g.sk} still held by cancelled ${a.appointmentId}`);
    else if (!g.pk.startsWith(`BLOCK#${a.consultantId}#`))
      problems.push(`guard ${g.pk} ${g.sk} belongs to another consultant than ${a.appointmentId}`);
    else if (at < occupied(a)[0] || at >= occupied(a)[1])
      problems.push(`guard ${g.pk} ${g.sk} lies outside ${a.appointmentId}`);
  }
  for (const a of live) {
    const [from, to] = occupied(a);
    for (let t = from; t < to; t += BLOCK_MS)
      if (!held.has(`${a.appointmentId}@${t}`))
        problems.push(`${a.appointmentId} misses its guard block ${new Date(t).toISOString()}`);
  }
  return problems;
}
