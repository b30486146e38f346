import { httpHandler, json } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { publicJwks } from '@bookingbot/common/tokens';
import { jwks } from '../../routes';

const logger = createLogger('auth-otp');

/**
 * GET /.well-known/jwks.json → the public signing keys (the next key appears here before it signs).
 * Cached 5 minutes by clients; verifiers refetch on an unknown `kid`.
 */
export const handler = httpHandler({ logger, ...routeOptions(jwks) }, async () =>
  json(200, await publicJwks(), { 'cache-control': 'public, max-age=300' }),
);
