/**
 * A consultant of its own per test (random id, open every day around the clock in UTC, offering
 * the seeded 15-minute intro call), so parallel suites never compete for the same slots.
 */
import { randomUUID } from 'node:crypto';
import { createConsultant } from '@bookingbot/common/booking';

export const SERVICE_ID = 'svc-intro-call';

const allDay = [{ start: '00:00', end: '23:45' }];

export async function privateConsultant(): Promise<string> {
  const consultantId = `sec-${randomUUID()}`;
  await createConsultant(
    {
      name: 'Security suite consultant',
      timeZone: 'UTC',
      serviceIds: [SERVICE_ID],
      weeklyHours: {
        mon: allDay,
        tue: allDay,
        wed: allDay,
        thu: allDay,
        fri: allDay,
        sat: allDay,
        sun: allDay,
      },
    },
    consultantId,
  );
  return consultantId;
}

/** A bookable start `daysAhead` days from now at `hour`:`minute` UTC (past the minimum notice). */
export function slotStart(daysAhead: number, hour: number, minute = 0): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + daysAhead);
  d.setUTCHours(hour, minute, 0, 0);
  return d.toISOString();
}
