import { listAudit } from '@bookingbot/common/audit';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { decodeCursor, encodeCursor, pageQuery } from '../../lib/cursor';

const logger = createLogger('admin-audit');

/** GET /admin/audit — staff writes, newest first; filter by target or by actor, and by time. */
export const handler = httpHandler(
  {
    logger,
    auth: 'admin',
    query: z
      .object({
        ...pageQuery,
        targetType: z.string().min(1).max(40).optional(),
        targetId: z.string().min(1).max(128).optional(),
        actorId: z.string().min(1).max(128).optional(),
        from: z.iso.datetime().or(z.iso.date()).optional(),
        to: z.iso.datetime().or(z.iso.date()).optional(),
      })
      .refine((q) => !q.targetType === !q.targetId, {
        path: ['targetId'],
        message: 'targetType and targetId go together',
      }),
  },
  async ({ query }) => {
    const page = await listAudit({
      ...(query.targetType && query.targetId
        ? { target: { type: query.targetType, id: query.targetId } }
        : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      limit: query.limit,
      cursor: decodeCursor(query.cursor),
    });
    return ok({ items: page.entries, nextCursor: encodeCursor(page.next) ?? null });
  },
);
