import { encodePayload } from '../payloads';
import { parseEmail } from '../text';
import type { AfterAuth, Ctx, OtpRefusal, Reply } from '../types';
import { say, turn } from '../ui';
import type { StepDef } from './step';

type EmailStep = { step: 'email'; resume: AfterAuth };

/** The sentence for an OTP refusal (locked, too soon, wrong code). */
export function otpProblem(ctx: Ctx, r: OtpRefusal): Reply {
  if (r.reason === 'locked')
    return { type: 'text', text: say(ctx, 'auth.locked', { minutes: Math.ceil(r.seconds / 60) }) };
  if (r.reason === 'wait') return { type: 'text', text: say(ctx, 'auth.wait', { seconds: r.seconds }) };
  return { type: 'text', text: say(ctx, 'auth.badCode') };
}

/**
 * Which email: asked before the first booking (or to find the customer's appointments); a
 * well-formed address gets a 6-digit code from the OTP core (same limits as auth-otp).
 */
export const email: StepDef<EmailStep> = {
  async show(s, ctx, _ports, prefix = []) {
    const key = s.resume.kind === 'appointments' ? 'auth.askEmailForAppointments' : 'auth.askEmail';
    return turn(ctx, s, [
      ...prefix,
      {
        type: 'quick',
        text: say(ctx, key),
        replies: [{ title: say(ctx, 'book.cancelFlow'), payload: encodePayload({ kind: 'CANCEL_FLOW' }) }],
      },
    ]);
  },
  async onText(s, text, _u, ctx, ports) {
    const address = parseEmail(text);
    if (!address) return undefined;
    const r = await ports.otp.request({ email: address, psid: ctx.psid, locale: ctx.locale, now: ctx.now });
    if (!r.ok) return turn(ctx, s, [otpProblem(ctx, r)]);
    return turn(ctx, { step: 'code', email: address, resume: s.resume }, [
      { type: 'text', text: say(ctx, 'auth.codeSent', { email: address, minutes: r.minutes }) },
    ]);
  },
  onPayload: async () => undefined,
  hint: 'auth.badEmail',
};
