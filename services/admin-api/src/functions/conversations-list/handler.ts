import { listRecentConversations } from '@bookingbot/common/conversation';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { listMessages } from '@bookingbot/common/messenger';
import { routeOptions } from '@bookingbot/common/routes';
import { getUserByPsid } from '@bookingbot/common/users';
import { encodeCursor } from '../../lib/cursor';
import { conversationsList } from '../../routes';

const logger = createLogger('admin-conversations');

/**
 * GET /admin/conversations?cursor=&limit= — recent conversations, newest customer message first,
 * each with its customer (when the PSID is linked), the latest logged message and who answers
 * (`bot`, or `inbox` since the hand-over). Per row: the linked user and the latest message, read in
 * parallel (a page is at most 100 rows; staff read it, not customers).
 */
export const handler = httpHandler({ logger, ...routeOptions(conversationsList) }, async ({ query }) => {
  const page = await listRecentConversations(query.limit, query.cursor);
  const items = await Promise.all(
    page.items.map(async (c) => {
      const [user, latest] = await Promise.all([getUserByPsid(c.psid), listMessages(c.psid, 1)]);
      const m = latest.items[0];
      return {
        psid: c.psid,
        customer: user ? { userId: user.userId, email: user.email, name: user.name ?? null } : null,
        lastInboundAt: new Date(c.lastInboundAt).toISOString(),
        lastMessage: m ? { direction: m.direction, text: m.text ?? null, kind: m.kind, time: m.time } : null,
        state: c.handover ? ('inbox' as const) : ('bot' as const),
        stateSince: c.handover && c.handoverAt ? new Date(c.handoverAt).toISOString() : null,
        locale: c.locale,
      };
    }),
  );
  return ok({ items, nextCursor: encodeCursor(page.next) ?? null });
});
