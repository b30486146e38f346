import { changeProblem, ownAppointment } from '../actions';
import { formatWhen } from '../format';
import { encodePayload } from '../payloads';
import { isYes } from '../text';
import type { Ctx, Ports, Turn } from '../types';
import { text as line, rest, say, turn } from '../ui';
import type { StepDef } from './step';

type CancelStep = { step: 'cancel'; appointmentId: string };

async function doCancel(s: CancelStep, ctx: Ctx, ports: Ports): Promise<Turn> {
  if (!ctx.user) return rest(ctx, 'appts.gone');
  const r = await ports.booking.cancel({
    userId: ctx.user.userId,
    appointmentId: s.appointmentId,
    now: ctx.now,
  });
  if (!r.ok) return changeProblem(ctx, r);
  return rest(ctx, 'menuPrompt', [
    line(ctx, 'appts.cancelled', {
      service: r.appointment.serviceName,
      when: formatWhen(r.appointment.start, ctx.zone, ctx.locale),
    }),
  ]);
}

/** "Cancel X on Y?": Yes, cancel it / Keep it. */
export const cancel: StepDef<CancelStep> = {
  async show(s, ctx, ports, prefix = []) {
    const appt = await ownAppointment(s.appointmentId, ctx, ports);
    if (appt?.status !== 'booked') return rest(ctx, 'appts.gone', prefix);
    return turn(ctx, s, [
      ...prefix,
      {
        type: 'buttons',
        text: say(ctx, 'appts.confirmCancel', {
          service: appt.serviceName,
          when: formatWhen(appt.start, ctx.zone, ctx.locale),
        }),
        buttons: [
          {
            type: 'postback',
            title: say(ctx, 'appts.yesCancel'),
            payload: encodePayload({ kind: 'APPT_CANCEL_YES', appointmentId: s.appointmentId }),
          },
          { type: 'postback', title: say(ctx, 'appts.keep'), payload: encodePayload({ kind: 'MENU' }) },
        ],
      },
    ]);
  },
  async onText(s, text, u, ctx, ports) {
    return isYes(text, u) ? doCancel(s, ctx, ports) : undefined;
  },
  async onPayload(s, p, ctx, ports) {
    if (p.kind === 'APPT_CANCEL_YES' && p.appointmentId === s.appointmentId) return doCancel(s, ctx, ports);
    return undefined;
  },
  hint: 'notUnderstood',
};
