import { authorizerHandler } from '@bookingbot/common/auth';

/** The customer API's Lambda authorizer: any signed-in, unblocked user. */
export const handler = authorizerHandler({ requiredRole: 'user' });
