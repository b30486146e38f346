import { listAudit } from '@bookingbot/common/audit';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { auditList } from '../../routes';

const logger = createLogger('admin-audit');

/** GET /admin/audit — staff writes, newest first; filter by target or by actor, and by time. */
export const handler = httpHandler({ logger, ...routeOptions(auditList) }, async ({ query }) => {
  const page = await listAudit({
    ...(query.targetType && query.targetId ? { target: { type: query.targetType, id: query.targetId } } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    limit: query.limit,
    cursor: decodeCursor(query.cursor),
  });
  return ok({ items: page.entries, nextCursor: encodeCursor(page.next) ?? null });
});
