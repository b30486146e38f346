import { RESEND_WORDS } from '@bookingbot/common/i18n';
import { showAppointments } from '../actions';
import { normalize, parseCode } from '../text';
import type { AfterAuth } from '../types';
import { text as line, say, turn } from '../ui';
import { confirm } from './confirm';
import { otpProblem } from './email';
import type { StepDef } from './step';

type CodeStep = { step: 'code'; email: string; resume: AfterAuth };

/** The emailed code: verified by the OTP core, then the PSID is linked and the flow resumes. */
export const code: StepDef<CodeStep> = {
  async show(s, ctx, _ports, prefix = []) {
    return turn(ctx, s, [...prefix, line(ctx, 'auth.reaskCode')]);
  },
  async onText(s, text, _u, ctx, ports) {
    if (RESEND_WORDS.includes(normalize(text))) {
      const r = await ports.otp.request({ email: s.email, psid: ctx.psid, locale: ctx.locale, now: ctx.now });
      if (!r.ok) return turn(ctx, s, [otpProblem(ctx, r)]);
      return turn(ctx, s, [
        { type: 'text', text: say(ctx, 'auth.codeSent', { email: s.email, minutes: r.minutes }) },
      ]);
    }
    const digits = parseCode(text);
    if (!digits) return undefined;
    const r = await ports.otp.verify({ email: s.email, code: digits, psid: ctx.psid, now: ctx.now });
    if (!r.ok && r.reason === 'blocked') return turn(ctx, { step: 'idle' }, []); // a blocked customer is not served
    if (!r.ok) return turn(ctx, s, [otpProblem(ctx, r)]);
    await ports.users.linkPsid(r.user.userId, ctx.psid);
    const linked = { ...ctx, user: r.user };
    const thanks = [line(ctx, 'auth.linked')];
    if (s.resume.kind === 'confirm')
      return confirm.show(
        { step: 'confirm', flow: s.resume.flow, slot: s.resume.slot },
        linked,
        ports,
        thanks,
      );
    return showAppointments(linked, ports, thanks);
  },
  onPayload: async () => undefined,
  hint: 'auth.reaskCode',
};
