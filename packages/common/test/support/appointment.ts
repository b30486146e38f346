import type { Appointment } from '../../src/booking/model';

/** A booked appointment as the booking module stores it, for pure tests; `overrides` win. */
export const appointmentFixture = (overrides: Partial<Appointment> = {}): Appointment => ({
  appointmentId: 'appt-1',
  userId: 'user-1',
  consultantId: 'con-1',
  serviceId: 'svc-1',
  serviceName: 'Tư vấn',
  consultantName: 'Linh',
  start: '2026-12-03T08:00:00.000Z',
  end: '2026-12-03T08:30:00.000Z',
  bufferAfterMinutes: 0,
  timeZone: 'Asia/Ho_Chi_Minh',
  status: 'booked',
  channel: 'web',
  history: [],
  version: 1,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...overrides,
});
