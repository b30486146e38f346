import { loadConversation } from '@bookingbot/common/conversation';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { listMessages } from '@bookingbot/common/messenger';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser } from '@bookingbot/common/users';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { requirePsid } from '../../lib/psid';
import { messagesList } from '../../routes';

const logger = createLogger('admin-conversations');

/** GET /admin/users/{id}/messages?cursor=&limit= — the conversation, newest first. */
export const handler = httpHandler({ logger, ...routeOptions(messagesList) }, async ({ params, query }) => {
  const psid = requirePsid(await requireUser(params.id));
  const page = await listMessages(psid, query.limit, decodeCursor(query.cursor));
  const c = await loadConversation(psid);
  return ok({
    items: page.items.map(({ psid: _p, ...m }) => m),
    nextCursor: encodeCursor(page.next) ?? null,
    lastInboundAt: c.lastInboundAt ? new Date(c.lastInboundAt).toISOString() : null,
    state: c.handover ? ('inbox' as const) : ('bot' as const),
    stateSince: c.handover && c.handoverAt ? new Date(c.handoverAt).toISOString() : null,
  });
});
