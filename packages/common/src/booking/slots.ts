import { DateTime } from 'luxon';
import type { SlotRefusal } from './errors';
import { type Consultant, minutesOf, type Service, type Slot, WEEKDAYS } from './model';
import { type BookingPolicy, GUARD_BLOCK_MINUTES } from './policy';

/**
 * Pure slot arithmetic (no I/O): which starts a consultant offers for a service, and which guard
 * blocks an appointment occupies. Everything is computed in epoch milliseconds; the consultant's
 * zone is only used to turn weekly `HH:mm` ranges into instants (luxon applies DST).
 */
const MINUTE = 60_000;
const BLOCK_MS = GUARD_BLOCK_MINUTES * MINUTE;

export type SlotService = Pick<Service, 'durationMinutes' | 'bufferAfterMinutes'>;
export type SlotConsultant = Pick<Consultant, 'consultantId' | 'timeZone' | 'weeklyHours' | 'timeOff'>;

/** The UTC-aligned guard blocks (epoch ms of each block start) covering `[startMs, endMs)`. */
export function blocksCovering(startMs: number, endMs: number): number[] {
  const blocks: number[] = [];
  for (let b = Math.floor(startMs / BLOCK_MS) * BLOCK_MS; b < endMs; b += BLOCK_MS) blocks.push(b);
  return blocks;
}

/** Blocks an appointment holds: its duration plus the buffer after it, `[start, end + buffer)`. */
export function occupiedBlocks(startMs: number, endMs: number, bufferAfterMinutes: number): number[] {
  return blocksCovering(startMs, endMs + bufferAfterMinutes * MINUTE);
}

/** Working ranges (epoch ms) of a consultant on one local date (`YYYY-MM-DD` in their zone). */
export function workingRanges(consultant: Pick<Consultant, 'timeZone' | 'weeklyHours'>, localDate: string) {
  const day = DateTime.fromISO(localDate, { zone: consultant.timeZone }).startOf('day');
  const weekday = WEEKDAYS[day.weekday - 1];
  const ranges = (weekday && consultant.weeklyHours[weekday]) || [];
  return ranges.map((r) => {
    // fromISO moves a wall time that does not exist (DST gap) forward, as a clock would.
    const at = (t: string) =>
      t === '24:00'
        ? day.plus({ days: 1 }).startOf('day').toMillis()
        : DateTime.fromISO(`${localDate}T${t}`, { zone: consultant.timeZone }).toMillis();
    return { start: at(r.start), end: at(r.end), startMinutes: minutesOf(r.start) };
  });
}

/** Local dates (in `zone`) whose day intersects `[fromMs, toMs)`, padded by one day each side. */
function localDatesAround(fromMs: number, toMs: number, zone: string): string[] {
  const dates: string[] = [];
  let d = DateTime.fromMillis(fromMs, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromMillis(toMs, { zone }).startOf('day').plus({ days: 1 });
  while (d <= last) {
    dates.push(d.toISODate() as string);
    d = d.plus({ days: 1 });
  }
  return dates;
}

/** Slot starts (epoch ms) on the grid inside working hours, ignoring notice, time off and bookings. */
function gridStarts(
  service: SlotService,
  consultant: SlotConsultant,
  fromMs: number,
  toMs: number,
  step: number,
) {
  const durationMs = service.durationMinutes * MINUTE;
  const starts: number[] = [];
  for (const date of localDatesAround(fromMs, toMs, consultant.timeZone)) {
    for (const range of workingRanges(consultant, date)) {
      // The grid is the consultant's local clock (:00, :15, ...); DST shifts are whole multiples of it.
      const local = DateTime.fromMillis(range.start, { zone: consultant.timeZone });
      const rem = (local.hour * 60 + local.minute) % step;
      for (
        let t = range.start + (rem ? (step - rem) * MINUTE : 0);
        t + durationMs <= range.end;
        t += step * MINUTE
      ) {
        if (t >= fromMs && t < toMs) starts.push(t);
      }
    }
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

const overlapsTimeOff = (consultant: SlotConsultant, startMs: number, endMs: number) =>
  consultant.timeOff.some((o) => Date.parse(o.start) < endMs && startMs < Date.parse(o.end));

export interface ComputeSlotsInput {
  service: SlotService;
  consultant: SlotConsultant;
  /** Window of slot starts, `[from, to)`. */
  from: Date;
  to: Date;
  now: Date;
  policy: BookingPolicy;
  /** Guard blocks already held by appointments of this consultant (epoch ms). */
  takenBlocks: ReadonlySet<number>;
}

/**
 * Slots of `service` with `consultant` starting in `[from, to)`: on the grid inside working
 * hours, not overlapping time off, none of `[start, end + buffer)` already held, not sooner than
 * the minimum notice and not later than the horizon.
 */
export function computeSlots(input: ComputeSlotsInput): Slot[] {
  const { service, consultant, policy, takenBlocks } = input;
  const now = input.now.getTime();
  const earliest = Math.max(input.from.getTime(), now + policy.minNoticeMinutes * MINUTE);
  const latest = Math.min(input.to.getTime(), now + policy.horizonDays * 86_400_000 + 1);
  if (earliest >= latest) return [];
  const durationMs = service.durationMinutes * MINUTE;
  return gridStarts(service, consultant, earliest, latest, policy.slotStepMinutes)
    .filter((t) => !overlapsTimeOff(consultant, t, t + durationMs))
    .filter(
      (t) => !occupiedBlocks(t, t + durationMs, service.bufferAfterMinutes).some((b) => takenBlocks.has(b)),
    )
    .map((t) => ({
      start: new Date(t).toISOString(),
      end: new Date(t + durationMs).toISOString(),
      consultantId: consultant.consultantId,
    }));
}

export interface CheckSlotOptions {
  /** Staff may book inside the minimum notice (never in the past). @default false */
  ignoreNotice?: boolean;
}

/**
 * Why `start` is not an offered slot (ignoring existing bookings, which the claim transaction
 * decides), or `undefined` when it is one.
 */
export function slotRefusal(
  service: SlotService,
  consultant: SlotConsultant,
  start: Date,
  now: Date,
  policy: BookingPolicy,
  options: CheckSlotOptions = {},
): SlotRefusal | undefined {
  const t = start.getTime();
  const durationMs = service.durationMinutes * MINUTE;
  if (t <= now.getTime()) return 'past';
  if (!options.ignoreNotice && t < now.getTime() + policy.minNoticeMinutes * MINUTE) return 'tooSoon';
  if (t > now.getTime() + policy.horizonDays * 86_400_000) return 'beyondHorizon';
  const onGrid = gridStarts(service, consultant, t, t + 1, policy.slotStepMinutes).includes(t);
  if (!onGrid) {
    const insideHours = localDatesAround(t, t + 1, consultant.timeZone).some((d) =>
      workingRanges(consultant, d).some((r) => r.start <= t && t + durationMs <= r.end),
    );
    return insideHours ? 'offGrid' : 'outsideWorkingHours';
  }
  if (overlapsTimeOff(consultant, t, t + durationMs)) return 'timeOff';
  return undefined;
}

/**
 * Whether an existing appointment `[start, end)` still fits a (possibly changed) schedule: inside
 * one working range and clear of time off. The grid is not re-checked: a changed grid does not
 * orphan appointments already made.
 */
export function fitsSchedule(
  consultant: Pick<Consultant, 'timeZone' | 'weeklyHours' | 'timeOff'>,
  startMs: number,
  endMs: number,
): boolean {
  const inside = localDatesAround(startMs, startMs + 1, consultant.timeZone).some((d) =>
    workingRanges(consultant, d).some((r) => r.start <= startMs && endMs <= r.end),
  );
  return (
    inside && !consultant.timeOff.some((o) => Date.parse(o.start) < endMs && startMs < Date.parse(o.end))
  );
}
