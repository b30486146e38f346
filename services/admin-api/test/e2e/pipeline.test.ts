import { inbox, type SignedIn, signIn, signInAdmin } from '../../../../test/support/auth';
import { lakeRows } from '../../../../test/support/lake';
import { call, createCatalog, eventually, slotStart } from './helpers';

// Cold offline Lambdas (one worker per function) take seconds each on a loaded 2-core machine.
jest.setTimeout(120_000);

/**
 * The analytics pipeline end to end: bookings made through user-api and admin-api record events
 * in the table → the stream → the event writer (the local stream poller runs the writer's code)
 * → gzip NDJSON in S3 local → a named report through POST/GET /admin/analytics/queries.
 */
let admin: SignedIn;

beforeAll(async () => {
  admin = await signInAdmin();
});

async function runReport(body: Record<string, unknown>) {
  const started = await call('POST', '/admin/analytics/queries', admin.accessToken, body);
  expect(started.status).toBe(202);
  return eventually(async () => {
    const polled = await call('GET', `/admin/analytics/queries/${started.body.queryId}`, admin.accessToken);
    return polled.body.status === 'SUCCEEDED' || polled.body.status === 'FAILED' ? polled.body : undefined;
  });
}

describe('the analytics pipeline', () => {
  it('It should turn bookings made on user-api and by staff into report rows', async () => {
    // Arrange
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    const other = await signIn();
    const today = new Date().toISOString().slice(0, 10);

    // Act
    const viaUserApi = await call(
      'POST',
      '/appointments',
      customer.accessToken,
      { serviceId, consultantId, start: slotStart(2, 9) },
      process.env.USER_API_URL,
    );
    const viaAdmin = await call('POST', '/admin/appointments', admin.accessToken, {
      userId: other.userId,
      serviceId,
      consultantId,
      start: slotStart(2, 11),
    });
    const cancelled = await call(
      'POST',
      `/admin/appointments/${viaAdmin.body.appointmentId}/cancel`,
      admin.accessToken,
      { reason: 'Consultant ill' },
    );
    const rows = await eventually(async () => {
      const r = lakeRows(serviceId);
      return r.length >= 3 ? r : undefined;
    });
    const perDay = await runReport({ report: 'bookingsPerDay', from: today, to: today, serviceId });
    const perService = await runReport({ report: 'bookingsPerService', from: today, to: today });

    // Assert
    expect(viaUserApi.status).toBe(201);
    expect(viaAdmin.status).toBe(201);
    expect(cancelled.body.status).toBe('cancelled');
    expect(rows.map((r) => r.event_type).sort()).toEqual([
      'booking.booked',
      'booking.booked',
      'booking.cancelled',
    ]);
    expect(rows.every((r) => r.dt === undefined && r.v === 1)).toBe(true);
    expect(perDay).toMatchObject({ status: 'SUCCEEDED', rows: [{ day: today, bookings: 2 }] });
    expect(perService.rows).toContainEqual({ service_id: serviceId, bookings: 2 });
  });

  it('It should tell the customer by email when staff cancel with a reason', async () => {
    // Arrange
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    const booked = await call('POST', '/admin/appointments', admin.accessToken, {
      userId: customer.userId,
      serviceId,
      consultantId,
      start: slotStart(3, 14),
    });

    // Act
    await call('POST', `/admin/appointments/${booked.body.appointmentId}/cancel`, admin.accessToken, {
      reason: 'Office closed',
    });

    // Assert
    const mail = await eventually(async () =>
      (await inbox(customer.email)).find((m) => m.subject.startsWith('Cancelled')),
    );
    expect(mail.body.text ?? mail.body.html).toContain('Office closed');
  });
});
