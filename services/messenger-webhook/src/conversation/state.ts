import { z } from '@bookingbot/common/config';
import type { Step } from './types';

/**
 * The stored step (`flow` of the conversation item, owned by `@bookingbot/common/conversation`)
 * validated on load: a step saved by an older version of the bot, or damaged, restarts the
 * conversation at rest instead of failing every later message.
 */
const id = z.string().min(1).max(128);
const slot = z.object({ start: z.string().max(40), consultantId: id });
const bookFlow = z.object({ kind: z.literal('book'), serviceId: id, serviceName: z.string().max(200) });
const moveFlow = z.object({
  kind: z.literal('move'),
  serviceId: id,
  serviceName: z.string().max(200),
  appointmentId: id,
});
const flow = z.discriminatedUnion('kind', [bookFlow, moveFlow]);
const afterAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('confirm'), flow: bookFlow, slot }),
  z.object({ kind: z.literal('appointments') }),
]);
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);

const stepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('idle') }),
  z.object({ step: z.literal('service'), page: z.number().int().min(0) }),
  z.object({ step: z.literal('day'), flow }),
  z.object({
    step: z.literal('time'),
    flow,
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    page: z.number().int().min(0),
    range: z.object({ from: hhmm, to: hhmm }).optional(),
  }),
  z.object({ step: z.literal('email'), resume: afterAuth }),
  z.object({ step: z.literal('code'), email: z.string().max(254), resume: afterAuth }),
  z.object({ step: z.literal('confirm'), flow: bookFlow, slot }),
  z.object({ step: z.literal('move'), flow: moveFlow, slot }),
  z.object({ step: z.literal('cancel'), appointmentId: id }),
]) satisfies z.ZodType<Step>;

/** The stored step, or rest when there is none or it does not validate. */
export function parseStep(stored: unknown): Step {
  const parsed = stepSchema.safeParse(stored);
  return parsed.success ? parsed.data : { step: 'idle' };
}
