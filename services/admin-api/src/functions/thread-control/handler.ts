import { handConversationToInbox, returnConversationToBot } from '@bookingbot/common/conversation';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { passThreadControl, takeThreadControl } from '@bookingbot/common/messenger';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { requirePsid } from '../../lib/psid';
import { threadControl } from '../../routes';

const logger = createLogger('admin-conversations');

/**
 * POST /admin/users/{id}/thread-control {owner} — `bot` (default): takes the thread back from the
 * Page Inbox and clears the handover flag, so the bot answers again; `inbox`: passes the thread to
 * the Page Inbox (Send API pass_thread_control, as the bot's "talk to a person" step) and sets the
 * flag, so the bot stays silent until it is given back (or the idle period passes).
 */
export const handler = httpHandler(
  { logger, ...routeOptions(threadControl) },
  async ({ params, body, auth }) => {
    const psid = requirePsid(await requireUser(params.id));
    if (body.owner === 'inbox') {
      await passThreadControl(psid, 'handed to the Page Inbox by staff');
      await handConversationToInbox(psid); // the bot stays silent (sets the handover flag)
      await audit(auth, 'conversation.passThreadControl', { type: 'user', id: params.id }, null, {
        threadOwner: 'inbox',
      });
      return ok({ threadOwner: 'inbox' as const });
    }
    await takeThreadControl(psid, 'taken back by staff');
    await returnConversationToBot(psid); // the bot answers again (clears the handover flag)
    await audit(auth, 'conversation.takeThreadControl', { type: 'user', id: params.id }, null, {
      threadOwner: 'bot',
    });
    return ok({ threadOwner: 'bot' as const });
  },
);
