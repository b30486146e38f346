import { recordAudit } from '@bookingbot/common/audit';
import type { AuthContext } from '@bookingbot/common/middleware';

/** Records what an admin route changed (who/what/when/before/after); the request fails without it. */
export function audit(
  auth: AuthContext,
  action: string,
  target: { type: string; id: string },
  before: unknown,
  after: unknown,
  reason?: string,
) {
  return recordAudit({
    actor: { userId: auth.userId, sessionId: auth.sessionId },
    action,
    target,
    before,
    after,
    ...(reason ? { reason } : {}),
  });
}
