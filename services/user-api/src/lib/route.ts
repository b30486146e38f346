import { createLogger } from '@bookingbot/common/logging';

/** One logger for the service; the HTTP stack adds the correlation id per request. */
export const logger = createLogger('user-api');
