import { lastInboundAt } from '@bookingbot/common/conversation';
import { AppError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { MESSAGING_WINDOW_MS, sendText } from '@bookingbot/common/messenger';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { requirePsid } from '../../lib/psid';
import { messagesSend } from '../../routes';

const logger = createLogger('admin-conversations');

/** Meta allows a human agent to answer for 7 days after the customer's last message (HUMAN_AGENT tag). */
const HUMAN_AGENT_WINDOW_MS = 7 * 86_400_000;

/**
 * POST /admin/users/{id}/messages {text} — a staff message through the Send API: inside the 24 h
 * window as RESPONSE; within 7 days of the customer's last message with the HUMAN_AGENT tag;
 * otherwise 409 `messenger.windowClosed` (Meta would refuse it, and it would be spam).
 */
export const handler = httpHandler(
  { logger, ...routeOptions(messagesSend) },
  async ({ params, body, auth }) => {
    const psid = requirePsid(await requireUser(params.id));
    const last = await lastInboundAt(psid);
    const age = last === undefined ? Number.POSITIVE_INFINITY : Date.now() - last;
    if (age >= HUMAN_AGENT_WINDOW_MS)
      throw new AppError('messenger.windowClosed', 'Conflict', {
        detail:
          'the customer last wrote more than 7 days ago; Messenger only allows a reply after they write again',
        extensions: { lastInboundAt: last ? new Date(last).toISOString() : null },
      });
    const messagingType = age < MESSAGING_WINDOW_MS ? 'RESPONSE' : 'HUMAN_AGENT';
    // sendText picks RESPONSE inside the 24 h window and MESSAGE_TAG + tag outside it.
    const { messageIds } = await sendText(psid, body.text, { tag: 'HUMAN_AGENT' });
    await audit(auth, 'conversation.send', { type: 'user', id: params.id }, null, {
      text: body.text,
      messagingType,
      messageIds,
    });
    return ok({ messageIds, messagingType });
  },
);
