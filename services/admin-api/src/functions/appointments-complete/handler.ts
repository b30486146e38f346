import { createLogger } from '@bookingbot/common/logging';
import { outcomeHandler } from '../../lib/outcome';
import { appointmentsComplete } from '../../routes';

/** POST /admin/appointments/{id}/complete {note?} — only once the appointment has started. */
export const handler = outcomeHandler('completed', appointmentsComplete, createLogger('admin-appointments'));
