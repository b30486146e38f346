import { createLogger } from '@bookingbot/common/logging';
import { outcomeHandler } from '../../lib/outcome';
import { appointmentsNoShow } from '../../routes';

/** POST /admin/appointments/{id}/no-show {note?} — only once the appointment has started. */
export const handler = outcomeHandler('no_show', appointmentsNoShow, createLogger('admin-appointments'));
