import { DateTime } from 'luxon';
import { changeProblem } from '../actions';
import { formatWhen } from '../format';
import { encodePayload } from '../payloads';
import { isYes } from '../text';
import type { Ctx, MoveFlow, Ports, Slot, Turn } from '../types';
import { text as line, rest, say, turn } from '../ui';
import { day } from './day';
import type { StepDef } from './step';
import { time } from './time';

type MoveStep = { step: 'move'; flow: MoveFlow; slot: Slot };

/** Moves the appointment (atomic in the booking domain: the old slot stays if the new one is taken). */
async function doMove(s: MoveStep, ctx: Ctx, ports: Ports): Promise<Turn> {
  if (!ctx.user) return rest(ctx, 'appts.gone');
  const r = await ports.booking.reschedule({
    userId: ctx.user.userId,
    appointmentId: s.flow.appointmentId,
    slot: s.slot,
    now: ctx.now,
  });
  if (r.ok)
    return rest(ctx, 'menuPrompt', [
      line(ctx, 'resched.done', {
        service: r.appointment.serviceName,
        when: formatWhen(r.appointment.start, ctx.zone, ctx.locale),
      }),
    ]);
  if (r.reason === 'taken') {
    const onDay = DateTime.fromISO(s.slot.start, { zone: ctx.zone }).toISODate() ?? '';
    return time.show({ step: 'time', flow: s.flow, day: onDay, page: 0 }, ctx, ports, [
      line(ctx, 'book.slotTaken'),
    ]);
  }
  return changeProblem(ctx, r);
}

/** "Move X from A to B?": Move it / Change time / Cancel. */
export const move: StepDef<MoveStep> = {
  async show(s, ctx, ports, prefix = []) {
    const appt = await ports.booking.get(s.flow.appointmentId);
    if (!appt || appt.userId !== ctx.user?.userId) return rest(ctx, 'appts.gone', prefix);
    return turn(ctx, s, [
      ...prefix,
      {
        type: 'buttons',
        text: say(ctx, 'resched.confirm', {
          service: appt.serviceName,
          from: formatWhen(appt.start, ctx.zone, ctx.locale),
          when: formatWhen(s.slot.start, ctx.zone, ctx.locale),
        }),
        buttons: [
          {
            type: 'postback',
            title: say(ctx, 'resched.yes'),
            payload: encodePayload({ kind: 'RESCHED_YES' }),
          },
          { type: 'postback', title: say(ctx, 'book.changeTime'), payload: encodePayload({ kind: 'DAYS' }) },
          {
            type: 'postback',
            title: say(ctx, 'book.cancelFlow'),
            payload: encodePayload({ kind: 'CANCEL_FLOW' }),
          },
        ],
      },
    ]);
  },
  async onText(s, text, u, ctx, ports) {
    return isYes(text, u) ? doMove(s, ctx, ports) : undefined;
  },
  async onPayload(s, p, ctx, ports) {
    if (p.kind === 'RESCHED_YES') return doMove(s, ctx, ports);
    if (p.kind === 'DAYS') return day.show({ step: 'day', flow: s.flow }, ctx, ports);
    return undefined;
  },
  hint: 'notUnderstood',
};
