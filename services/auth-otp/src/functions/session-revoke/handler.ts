import { recordEvent } from '@bookingbot/common/analytics';
import { z } from '@bookingbot/common/config';
import { httpHandler, noContent } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { revokeSession } from '@bookingbot/common/sessions';

const logger = createLogger('auth-otp');

export const path = z.object({ id: z.uuid() });

/** DELETE /auth/sessions/{id} (Bearer) → 204; another user's or an unknown session → 404. */
export const handler = httpHandler(
  { logger, auth: 'user', path, rateLimit: { name: 'auth-sessions', limit: 120, windowSeconds: 60 } },
  async ({ auth, params }) => {
    await revokeSession(params.id, auth.userId, 'revoked');
    await recordEvent({ type: 'auth.logout', userId: auth.userId, props: { scope: 'session' } });
    return noContent();
  },
);
