export { healthHandler as handler } from '@bookingbot/common/health';
