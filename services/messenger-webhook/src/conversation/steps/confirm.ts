import { DateTime } from 'luxon';
import { formatWhen } from '../format';
import { encodePayload } from '../payloads';
import { isYes } from '../text';
import type { BookFlow, Ctx, Input, Ports, Slot, Turn } from '../types';
import { text as line, rest, say, turn } from '../ui';
import { day } from './day';
import { email } from './email';
import type { StepDef } from './step';
import { time } from './time';

type ConfirmStep = { step: 'confirm'; flow: BookFlow; slot: Slot };

/**
 * Books the slot, keyed by the event that confirmed (Confirm tapped or "yes" typed): a redelivery
 * or retry of that event returns the same appointment, a new confirmation books anew. "Booked" is
 * said only when the booking port returned the appointment.
 */
async function book(s: ConfirmStep, ctx: Ctx, ports: Ports, input: Input): Promise<Turn> {
  if (!ctx.user)
    return email.show({ step: 'email', resume: { kind: 'confirm', flow: s.flow, slot: s.slot } }, ctx, ports);
  const r = await ports.booking.book({
    userId: ctx.user.userId,
    flow: s.flow,
    slot: s.slot,
    idempotencyKey: `messenger-${input.eventId}`,
    now: ctx.now,
  });
  if (!r.ok) {
    const onDay = DateTime.fromISO(s.slot.start, { zone: ctx.zone }).toISODate() ?? '';
    return time.show({ step: 'time', flow: s.flow, day: onDay, page: 0 }, ctx, ports, [
      line(ctx, 'book.slotTaken'),
    ]);
  }
  const a = r.appointment;
  return rest(ctx, 'menuPrompt', [
    line(ctx, 'book.booked', {
      service: a.serviceName,
      consultant: a.consultantName,
      when: formatWhen(a.start, ctx.zone, ctx.locale),
      email: ctx.user.email,
    }),
  ]);
}

/** "Book X with Y on Z?": Confirm / Change time / Cancel. */
export const confirm: StepDef<ConfirmStep> = {
  async show(s, ctx, ports, prefix = []) {
    const consultant = (await ports.catalog.consultantName(s.slot.consultantId)) ?? '';
    return turn(ctx, s, [
      ...prefix,
      {
        type: 'buttons',
        text: say(ctx, 'book.confirm', {
          service: s.flow.serviceName,
          consultant,
          when: formatWhen(s.slot.start, ctx.zone, ctx.locale),
        }),
        buttons: [
          {
            type: 'postback',
            title: say(ctx, 'book.confirmYes'),
            payload: encodePayload({ kind: 'CONFIRM_BOOK' }),
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
  async onText(s, text, u, ctx, ports, input) {
    return isYes(text, u) ? book(s, ctx, ports, input) : undefined;
  },
  async onPayload(s, p, ctx, ports, input) {
    if (p.kind === 'CONFIRM_BOOK') return book(s, ctx, ports, input);
    if (p.kind === 'DAYS') return day.show({ step: 'day', flow: s.flow }, ctx, ports);
    return undefined;
  },
  hint: 'notUnderstood',
};
