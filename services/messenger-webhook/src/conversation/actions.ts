import { formatWhen } from './format';
import { encodePayload } from './payloads';
import { cancel } from './steps/cancel';
import { day } from './steps/day';
import { email } from './steps/email';
import type { ApptView, ChangeRefusal, Ctx, Ports, Reply, Turn } from './types';
import { text as line, rest, say, turn } from './ui';

/**
 * What the customer can ask for at any step (menu buttons, appointment cards, intents): each
 * starts a step or answers at rest.
 */

/** The appointment if it belongs to the customer writing. */
export async function ownAppointment(
  appointmentId: string,
  ctx: Ctx,
  ports: Ports,
): Promise<ApptView | undefined> {
  const appt = await ports.booking.get(appointmentId);
  return appt && ctx.user && appt.userId === ctx.user.userId ? appt : undefined;
}

/** The sentence for a refused change (too late, no longer changeable, gone). */
export function changeProblem(ctx: Ctx, r: ChangeRefusal): Turn {
  if (r.reason === 'cutoff') return rest(ctx, 'appts.cutoff', [], { minutes: r.minutes });
  if (r.reason === 'notChangeable') return rest(ctx, 'appts.notChangeable');
  return rest(ctx, 'appts.gone');
}

/** My appointments: up to 10 upcoming as cards with Reschedule / Cancel (after the email link if needed). */
export async function showAppointments(ctx: Ctx, ports: Ports, prefix: Reply[] = []): Promise<Turn> {
  if (!ctx.user) return email.show({ step: 'email', resume: { kind: 'appointments' } }, ctx, ports, prefix);
  const appts = await ports.booking.upcoming(ctx.user.userId, ctx.now);
  if (appts.length === 0) return rest(ctx, 'appts.none', prefix);
  return turn(ctx, { step: 'idle' }, [
    ...prefix,
    line(ctx, 'appts.intro'),
    {
      type: 'generic',
      elements: appts.map((a) => ({
        title: a.serviceName,
        subtitle: `${formatWhen(a.start, ctx.zone, ctx.locale)}\n${a.consultantName}`,
        buttons: [
          {
            type: 'postback',
            title: say(ctx, 'appts.reschedule'),
            payload: encodePayload({ kind: 'APPT_RESCHED', appointmentId: a.appointmentId }),
          },
          {
            type: 'postback',
            title: say(ctx, 'appts.cancel'),
            payload: encodePayload({ kind: 'APPT_CANCEL', appointmentId: a.appointmentId }),
          },
        ],
      })),
    },
  ]);
}

/** Reschedule on a card: the days of the appointment's service. */
export async function startMove(
  appointmentId: string,
  ctx: Ctx,
  ports: Ports,
  prefix: Reply[] = [],
): Promise<Turn> {
  if (!ctx.user) return showAppointments(ctx, ports, prefix);
  const appt = await ownAppointment(appointmentId, ctx, ports);
  if (appt?.status !== 'booked') return rest(ctx, 'appts.gone', prefix);
  const flow = {
    kind: 'move' as const,
    appointmentId,
    serviceId: appt.serviceId,
    serviceName: appt.serviceName,
  };
  return day.show({ step: 'day', flow }, ctx, ports, prefix);
}

/** Cancel on a card: the confirmation question. */
export async function askCancel(appointmentId: string, ctx: Ctx, ports: Ports): Promise<Turn> {
  if (!ctx.user) return showAppointments(ctx, ports);
  return cancel.show({ step: 'cancel', appointmentId }, ctx, ports);
}

/** "Talk to a person": tell the customer, then pass the thread to the Page Inbox. */
export function handOver(ctx: Ctx): Turn {
  return {
    ...turn(ctx, { step: 'idle' }, [
      line(ctx, 'handover.passing'),
      { type: 'handover', metadata: 'customer asked for a person' },
    ]),
    handover: true,
  };
}

export const help = (ctx: Ctx): Turn => rest(ctx, 'menuPrompt', [line(ctx, 'help')]);
export const welcome = (ctx: Ctx): Turn => rest(ctx, 'welcome');
export const leaveFlow = (ctx: Ctx): Turn => rest(ctx, 'flow.cancelled');
