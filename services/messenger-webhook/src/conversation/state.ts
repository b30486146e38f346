import * as z from '@bookingbot/common/schema';
import type { Step } from './types';

/**
 * The stored step (`flow` of the conversation item, owned by `@bookingbot/common/conversation`)
 * validated on load: a step saved by an older version of the bot, or damaged, restarts the
 * conversation at rest instead of failing every later message.
 */
const id = z.string().check(z.minLength(1), z.maxLength(128));
const slot = z.object({ start: z.string().check(z.maxLength(40)), consultantId: id });
const bookFlow = z.object({
  kind: z.literal('book'),
  serviceId: id,
  serviceName: z.string().check(z.maxLength(200)),
});
const moveFlow = z.object({
  kind: z.literal('move'),
  serviceId: id,
  serviceName: z.string().check(z.maxLength(200)),
  appointmentId: id,
});
const flow = z.discriminatedUnion('kind', [bookFlow, moveFlow]);
const afterAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirm'), flow: bookFlow, slot }),
  z.object({ kind: z.literal('appointments') }),
]);
const hhmm = z.string().check(z.regex(/^\d{2}:\d{2}$/));

const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('idle') }),
  z.object({ step: z.literal('service'), page: z.number().check(z.int(), z.minimum(0)) }),
  z.object({ step: z.literal('day'), flow }),
  z.object({
    step: z.literal('time'),
    flow,
    day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
    page: z.number().check(z.int(), z.minimum(0)),
    range: z.optional(z.object({ from: hhmm, to: hhmm })),
  }),
  z.object({ step: z.literal('email'), resume: afterAuth }),
  z.object({ step: z.literal('code'), email: z.string().check(z.maxLength(254)), resume: afterAuth }),
  z.object({ step: z.literal('confirm'), flow: bookFlow, slot }),
  z.object({ step: z.literal('move'), flow: moveFlow, slot }),
  z.object({ step: z.literal('cancel'), appointmentId: id }),
]) satisfies z.ZodMiniType<Step>;

/** The stored step, or rest when there is none or it does not validate. */
export function parseStep(stored: unknown): Step {
  const parsed = stepSchema.safeParse(stored);
  return parsed.success ? parsed.data : { step: 'idle' };
}
