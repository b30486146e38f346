import { timingSafeEqual } from 'node:crypto';
import { secret } from '@bookingbot/common/config';
import { ForbiddenError } from '@bookingbot/common/errors';
import { httpHandler, json } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { verify } from '../../routes';

const logger = createLogger('messenger-verify');

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * `GET /webhook`: Meta's subscription handshake. Echoes `hub.challenge` as text when
 * `hub.verify_token` matches the configured verify token (constant-time), else 403.
 */
export const handler = httpHandler({ logger, ...routeOptions(verify) }, async ({ query: q }) => {
  if (!sameSecret(q['hub.verify_token'], await secret('MESSENGER_VERIFY_TOKEN'))) {
    throw new ForbiddenError('hub.verify_token does not match the configured verify token');
  }
  return json(200, q['hub.challenge'], { 'content-type': 'text/plain; charset=utf-8' });
});
