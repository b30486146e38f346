import type { QuickReply } from '@bookingbot/common/messenger';
import { formatDay, formatTime, zoneLabel } from '../format';
import { encodePayload } from '../payloads';
import type { Ctx, Flow, Ports, Reply, Slot, Turn } from '../types';
import { text as line, say, turn } from '../ui';
import { confirm } from './confirm';
import { day } from './day';
import { email } from './email';
import { move } from './move';
import type { StepDef } from './step';

/** Times per message: 11 + "More times" + "Other day" stays within Meta's 13 quick replies. */
export const TIMES_PER_PAGE = 11;

type TimeStep = { step: 'time'; flow: Flow; day: string; page: number; range?: { from: string; to: string } };

/** The slot is chosen: confirm the move, or (after the email link if needed) confirm the booking. */
export async function pickSlot(
  flow: Flow,
  slot: Slot,
  ctx: Ctx,
  ports: Ports,
  prefix: Reply[] = [],
): Promise<Turn> {
  if (flow.kind === 'move') return move.show({ step: 'move', flow, slot }, ctx, ports, prefix);
  if (!ctx.user)
    return email.show({ step: 'email', resume: { kind: 'confirm', flow, slot } }, ctx, ports, prefix);
  return confirm.show({ step: 'confirm', flow, slot }, ctx, ports, prefix);
}

/** The free times of the step's day (inside its range, if any), distinct by start. */
async function freeTimes(s: TimeStep, ctx: Ctx, ports: Ports): Promise<Slot[]> {
  const all = await ports.availability.freeTimes(s.flow.serviceId, s.day, ctx.zone, ctx.now);
  const range = s.range;
  if (!range) return all;
  return all.filter((x) => {
    const hhmm = formatTime(x.start, ctx.zone, ctx.locale);
    return hhmm >= range.from && hhmm < range.to;
  });
}

/** Which time: the free times of the day, 11 per message, "More times" and "Other day". */
export const time: StepDef<TimeStep> = {
  async show(s, ctx, ports, prefix = []) {
    const whole: TimeStep = { step: 'time', flow: s.flow, day: s.day, page: s.page };
    let times = await freeTimes(s, ctx, ports);
    const inRange = times.length > 0 && s.range !== undefined;
    if (times.length === 0 && s.range) times = await freeTimes(whole, ctx, ports); // nothing in the range: the whole day
    if (times.length === 0)
      return day.show({ step: 'day', flow: s.flow }, ctx, ports, [...prefix, line(ctx, 'book.noTimes')]);
    const pages = Math.ceil(times.length / TIMES_PER_PAGE);
    const page = Math.min(s.page, pages - 1);
    const replies: QuickReply[] = times
      .slice(page * TIMES_PER_PAGE, (page + 1) * TIMES_PER_PAGE)
      .map((slot) => ({
        title: formatTime(slot.start, ctx.zone, ctx.locale),
        payload: encodePayload({ kind: 'TIME', start: slot.start, consultantId: slot.consultantId }),
      }));
    if (pages > 1)
      replies.push({
        title: say(ctx, 'book.moreTimes'),
        payload: encodePayload({ kind: 'TIMES', page: (page + 1) % pages }),
      });
    replies.push({ title: say(ctx, 'book.otherDay'), payload: encodePayload({ kind: 'DAYS' }) });
    return turn(ctx, inRange ? { ...s, page } : { ...whole, page }, [
      ...prefix,
      {
        type: 'quick',
        text: say(ctx, 'book.pickTime', {
          day: formatDay(s.day, ctx.zone, ctx.locale),
          zone: zoneLabel(ctx.zone, ctx.now),
        }),
        replies,
      },
    ]);
  },
  async onText(s, text, u, ctx, ports) {
    // "15:00", "15h", "9" typed here, or a time the NLU read ("3pm", "3 giờ chiều") for this day.
    const typed = /^(\d{1,2})(?:\s*[:h.]\s*(\d{2}))?h?$/.exec(text.trim().toLowerCase());
    const wanted = typed
      ? `${typed[1]?.padStart(2, '0')}:${typed[2] ?? '00'}`
      : u.date && u.date !== s.day
        ? undefined
        : u.time;
    if (!wanted) return undefined;
    const slot = (await freeTimes({ step: 'time', flow: s.flow, day: s.day, page: 0 }, ctx, ports)).find(
      (x) => formatTime(x.start, ctx.zone, ctx.locale) === wanted,
    );
    return slot ? pickSlot(s.flow, slot, ctx, ports) : undefined;
  },
  async onPayload(s, p, ctx, ports) {
    if (p.kind === 'TIMES') return time.show({ ...s, page: p.page }, ctx, ports);
    if (p.kind === 'DAYS') return day.show({ step: 'day', flow: s.flow }, ctx, ports);
    if (p.kind !== 'TIME') return undefined;
    // Only a time this day still offers: a forged or stale payload gets the free times again.
    const offered = await ports.availability.freeTimes(s.flow.serviceId, s.day, ctx.zone, ctx.now);
    const slot = offered.find((x) => x.start === p.start && x.consultantId === p.consultantId);
    if (!slot) return time.show({ ...s, page: 0 }, ctx, ports, [line(ctx, 'book.slotTaken')]);
    return pickSlot(s.flow, slot, ctx, ports);
  },
  hint: 'book.reaskTime',
};
