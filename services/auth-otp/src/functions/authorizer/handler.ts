import { authorizerHandler } from '@bookingbot/common/auth';

/** The authorizer of this service's protected routes (logout, sessions): any signed-in role. */
export const handler = authorizerHandler({ requiredRole: 'user' });
