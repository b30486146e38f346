/**
 * Key layout of the booking entities (docs/data-model.md "Booking"). Built here only.
 *
 * - service:      pk `CATALOG`                         sk `SERVICE#<serviceId>`
 * - consultant:   pk `CATALOG`                         sk `CONSULTANT#<consultantId>` (hours, time off inside)
 * - appointment:  pk `APPT#<appointmentId>`            sk `APPT`
 *     gsi1: `UAPPT#<userId>`   / `<start>#<appointmentId>`   the customer's appointments by start
 *     gsi2: `APPTS#<yyyy-mm>`  / `<start>#<appointmentId>`   everyone's appointments by start (UTC month bucket)
 * - slot guard:   pk `BLOCK#<consultantId>#<yyyy-mm-dd>`   sk `<blockStartIso>` → appointmentId
 * - idempotency:  pk `IDEMP#<userId>#<key>`            sk `IDEMP` → the first response (TTL 24 h)
 */
export const CATALOG_PK = 'CATALOG';
export const serviceKey = (serviceId: string) => ({ pk: CATALOG_PK, sk: `SERVICE#${serviceId}` });
export const consultantKey = (consultantId: string) => ({ pk: CATALOG_PK, sk: `CONSULTANT#${consultantId}` });
export const appointmentKey = (appointmentId: string) => ({ pk: `APPT#${appointmentId}`, sk: 'APPT' });
export const userAppointmentsPk = (userId: string) => `UAPPT#${userId}`;
export const monthBucket = (iso: string) => `APPTS#${iso.slice(0, 7)}`;
export const appointmentSortKey = (start: string, appointmentId: string) => `${start}#${appointmentId}`;

/** The guard item of one time block of one consultant (partitioned per UTC day). */
export function guardKey(consultantId: string, blockStartMs: number) {
  const iso = new Date(blockStartMs).toISOString();
  return { pk: `BLOCK#${consultantId}#${iso.slice(0, 10)}`, sk: iso };
}
export const guardPartition = (consultantId: string, utcDate: string) => `BLOCK#${consultantId}#${utcDate}`;

export const idempotencyKey = (userId: string, key: string) => ({
  pk: `IDEMP#${userId}#${key}`,
  sk: 'IDEMP',
});

/** Strips the table's generic attributes from an item. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    type: _t,
    expiresAt: _e,
    ...rest
  } = item;
  return rest as T;
}
