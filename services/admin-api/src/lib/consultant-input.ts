import type { Consultant } from '@bookingbot/common/booking';

/** A stored consultant as the input of `updateConsultant` (for a change of one part of it). */
export const consultantInput = (c: Consultant) => ({
  name: c.name,
  ...(c.bio ? { bio: c.bio } : {}),
  serviceIds: c.serviceIds,
  timeZone: c.timeZone,
  weeklyHours: c.weeklyHours,
  active: c.active,
});
