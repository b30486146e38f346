/**
 * The booking domain, shared by user-api, admin-api and the Messenger conversation: catalog
 * (services, consultants, weekly hours, time off), availability, and appointments that can never
 * be double-booked. Rules: docs/booking.md. Keys: docs/data-model.md "Booking".
 */
export {
  type BookInput,
  type BookResult,
  bookAppointment,
  type ChangeOptions,
  cancelAppointment,
  findOrphanedAppointments,
  getAppointment,
  type ListAppointmentsQuery,
  type ListUserAppointmentsOptions,
  listAppointments,
  listUserAppointments,
  markAppointmentOutcome,
  publicAppointment,
  requireAppointment,
  rescheduleAppointment,
  type ScheduleChange,
} from './appointments';
export { type AvailabilityQuery, getAvailability, takenBlocks } from './availability';
export {
  addTimeOff,
  createConsultant,
  createService,
  deleteConsultant,
  deleteService,
  getConsultant,
  getService,
  listConsultants,
  listServices,
  publicConsultant,
  publicService,
  removeTimeOff,
  requireConsultant,
  setWeeklyHours,
  updateConsultant,
  updateService,
} from './catalog';
export {
  ConcurrentChangeError,
  CutoffPassedError,
  IdempotencyKeyReusedError,
  NotModifiableError,
  SlotNotOfferedError,
  type SlotRefusal,
  SlotTakenError,
} from './errors';
export * from './model';
export {
  afterChange,
  type BookingChange,
  confirmationText,
  type MessengerNotifier,
  setMessengerNotifier,
} from './notify';
export {
  type BookingPolicy,
  bookingPolicy,
  GUARD_BLOCK_MINUTES,
  MAX_OCCUPANCY_MINUTES,
  staffBookingPolicy,
} from './policy';
export {
  blocksCovering,
  computeSlots,
  fitsSchedule,
  occupiedBlocks,
  slotRefusal,
  workingRanges,
} from './slots';
