import { rest } from '../ui';
import { none, type StepDef } from './step';

/** At rest: the menu. Everything typed or tapped here is an intent, handled by the machine. */
export const idle: StepDef<{ step: 'idle' }> = {
  show: async (_s, ctx, _ports, prefix = []) => rest(ctx, 'menuPrompt', prefix),
  onText: none,
  onPayload: none,
  hint: 'notUnderstood',
};
