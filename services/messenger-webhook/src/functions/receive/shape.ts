/** What both paths of `POST /webhook` share; no imports, so the fast path's module graph stays small. */

/** The largest webhook body accepted (Meta's batches are far smaller). */
export const MAX_BODY_BYTES = 256 * 1024;

// Shallow on purpose: the worker reads the events; this only refuses what is not a Page webhook.
export const hasEvents = (e: Record<string, unknown>) =>
  (Array.isArray(e.messaging) && e.messaging.length > 0) ||
  (Array.isArray(e.standby) && e.standby.length > 0);
