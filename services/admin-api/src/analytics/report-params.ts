import * as z from '@bookingbot/common/schema';

/**
 * The names and parameters of the named reports (reports.ts holds their SQL). Apart from the SQL
 * because the route table validates with them and every admin-api function bundles the route
 * table: the statements stay in the three analytics functions.
 */
export const REPORT_NAMES = [
  'bookingsPerDay',
  'bookingsPerService',
  'bookingsPerConsultant',
  'cancellationRates',
  'messagesPerDay',
  'otpFunnel',
  'conversion',
  'busiestHours',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Built on first use (`z.deferred`): every admin-api function bundles the route table, one validates with it. */
export const reportParams = z.deferred(() => {
  const isoDay = z.iso.date();
  const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - or _ (max 64)'));
  return z
    .object({
      from: isoDay,
      to: isoDay,
      serviceId: z.optional(id),
      consultantId: z.optional(id),
    })
    .check(
      z.refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' }),
      z.refine((p) => (Date.parse(p.to) - Date.parse(p.from)) / 86400000 <= 366, {
        path: ['to'],
        message: 'range is limited to 366 days',
      }),
    );
});
export type ReportParams = z.infer<ReturnType<typeof reportParams>>;
