import { timingSafeEqual } from 'node:crypto';
import { secret, z } from '@bookingbot/common/config';
import { ForbiddenError } from '@bookingbot/common/errors';
import { httpHandler, json } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';

const logger = createLogger('messenger-verify');

const query = z.object({
  'hub.mode': z.literal('subscribe'),
  'hub.verify_token': z.string().min(1).max(256),
  'hub.challenge': z.string().min(1).max(256),
});

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * `GET /webhook`: Meta's subscription handshake. Echoes `hub.challenge` as text when
 * `hub.verify_token` matches the configured verify token (constant-time), else 403.
 */
export const handler = httpHandler({ logger, auth: 'none', query }, async ({ query: q }) => {
  if (!sameSecret(q['hub.verify_token'], await secret('MESSENGER_VERIFY_TOKEN'))) {
    throw new ForbiddenError('hub.verify_token does not match the configured verify token');
  }
  return json(200, q['hub.challenge'], { 'content-type': 'text/plain; charset=utf-8' });
});
