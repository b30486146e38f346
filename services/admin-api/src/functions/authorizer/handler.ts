import { authorizerHandler } from '@bookingbot/common/auth';

/** Every route of this API requires the admin role (a user token gets 403, none 401). */
export const handler = authorizerHandler({ requiredRole: 'admin' });
