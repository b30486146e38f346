import { DAYS_AHEAD } from '../config';
import { formatDay } from '../format';
import { encodePayload } from '../payloads';
import { normalize } from '../text';
import type { Flow } from '../types';
import { rest, say, turn } from '../ui';
import type { StepDef } from './step';
import { time } from './time';

type DayStep = { step: 'day'; flow: Flow };

/** Which day: the next days with a free slot of the flow's service (at most 12) and "Cancel". */
export const day: StepDef<DayStep> = {
  async show(s, ctx, ports, prefix = []) {
    const days = await ports.availability.freeDays(s.flow.serviceId, ctx.zone, ctx.now);
    if (days.length === 0)
      return rest(ctx, 'book.noDays', prefix, { service: s.flow.serviceName, days: DAYS_AHEAD });
    const key = s.flow.kind === 'move' ? 'resched.pickDay' : 'book.pickDay';
    return turn(ctx, s, [
      ...prefix,
      {
        type: 'quick',
        text: say(ctx, key, { service: s.flow.serviceName }),
        replies: [
          ...days.map((d) => ({
            title: formatDay(d, ctx.zone, ctx.locale),
            payload: encodePayload({ kind: 'DAY', day: d }),
          })),
          { title: say(ctx, 'book.cancelFlow'), payload: encodePayload({ kind: 'CANCEL_FLOW' }) },
        ],
      },
    ]);
  },
  async onText(s, text, _u, ctx, ports) {
    const n = normalize(text);
    const days = await ports.availability.freeDays(s.flow.serviceId, ctx.zone, ctx.now);
    const picked = days.find((d) => d === text.trim() || normalize(formatDay(d, ctx.zone, ctx.locale)) === n);
    if (picked) return time.show({ step: 'time', flow: s.flow, day: picked, page: 0 }, ctx, ports);
    return undefined; // a date in words ("Friday", "mai") is the machine's free-text jump
  },
  async onPayload(s, p, ctx, ports) {
    if (p.kind === 'DAY') return time.show({ step: 'time', flow: s.flow, day: p.day, page: 0 }, ctx, ports);
    return undefined;
  },
  hint: 'book.reaskDay',
};
