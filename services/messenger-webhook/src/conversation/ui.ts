import { type MessageKey, t } from '@bookingbot/common/i18n';
import { encodePayload } from './payloads';
import type { Reply } from './replies';
import type { Ctx, Step, Turn } from './types';

/** Small builders shared by the steps: sentences, the menu, a turn. */
export const say = (ctx: Pick<Ctx, 'locale'>, key: MessageKey, vars?: Record<string, string | number>) =>
  t(ctx.locale, key, vars);

export const text = (
  ctx: Pick<Ctx, 'locale'>,
  key: MessageKey,
  vars?: Record<string, string | number>,
): Reply => ({
  type: 'text',
  text: say(ctx, key, vars),
});

/** The main menu as quick replies under `key`'s sentence. */
export function menu(
  ctx: Pick<Ctx, 'locale'>,
  key: MessageKey = 'menuPrompt',
  vars?: Record<string, string | number>,
): Reply {
  return {
    type: 'quick',
    text: say(ctx, key, vars),
    replies: [
      { title: say(ctx, 'menu.book'), payload: encodePayload({ kind: 'BOOK' }) },
      { title: say(ctx, 'menu.appointments'), payload: encodePayload({ kind: 'MY_APPTS' }) },
      { title: say(ctx, 'menu.help'), payload: encodePayload({ kind: 'HELP' }) },
      { title: say(ctx, 'menu.human'), payload: encodePayload({ kind: 'HUMAN' }) },
    ],
  };
}

export const turn = (ctx: Pick<Ctx, 'locale'>, step: Step, replies: Reply[]): Turn => ({
  step,
  locale: ctx.locale,
  replies,
});

/** Back to rest with the menu under `key` (after `prefix`). */
export const rest = (
  ctx: Pick<Ctx, 'locale'>,
  key: MessageKey = 'menuPrompt',
  prefix: Reply[] = [],
  vars?: Record<string, string | number>,
): Turn => turn(ctx, { step: 'idle' }, [...prefix, menu(ctx, key, vars)]);
