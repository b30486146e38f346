import { bookAppointment } from '@bookingbot/common/booking';
import { type SignedIn, signIn, signInAdmin } from '../../../../test/support/auth';
import { ALL_WEEK, call, createCatalog, slotStart } from './helpers';

// Cold offline Lambdas (one worker per function) take seconds each on a loaded 2-core machine.
jest.setTimeout(120_000);

/** Catalog and appointment operations over HTTP, each one checked in the audit log. */
let admin: SignedIn;

beforeAll(async () => {
  admin = await signInAdmin();
});

async function auditOf(type: string, id: string) {
  const res = await call('GET', `/admin/audit?targetType=${type}&targetId=${id}`, admin.accessToken);
  return res.body.items as {
    action: string;
    actor: { userId: string };
    before: unknown;
    after: unknown;
    at: string;
  }[];
}

describe('catalog management', () => {
  it('It should create, update and deactivate a service, auditing each change with before and after', async () => {
    // Act
    const made = await call('POST', '/admin/services', admin.accessToken, {
      name: 'Haircut',
      durationMinutes: 30,
    });
    const id = made.body.serviceId;
    const updated = await call('PUT', `/admin/services/${id}`, admin.accessToken, {
      name: 'Haircut deluxe',
      durationMinutes: 45,
    });
    const deactivated = await call('DELETE', `/admin/services/${id}`, admin.accessToken);
    const invalid = await call('POST', '/admin/services', admin.accessToken, {
      name: '',
      durationMinutes: 7,
    });

    // Assert
    expect(made.status).toBe(201);
    expect(updated.body).toMatchObject({ name: 'Haircut deluxe', durationMinutes: 45, active: true });
    expect(deactivated.body.active).toBe(false);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['body.name', 'body.durationMinutes']),
    );
    const entries = await auditOf('service', id);
    expect(entries.map((e) => e.action)).toEqual(['service.deactivate', 'service.update', 'service.create']);
    expect(entries[1]).toMatchObject({
      actor: { userId: admin.userId },
      before: { name: 'Haircut', durationMinutes: 30 },
      after: { name: 'Haircut deluxe', durationMinutes: 45 },
    });
  });

  it('It should refuse an hours change that orphans a booking (409 listing it), then cancel it on request, audited', async () => {
    // Arrange
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    const start = slotStart(2, 10);
    const booked = await call('POST', '/admin/appointments', admin.accessToken, {
      userId: customer.userId,
      serviceId,
      consultantId,
      start,
    });
    const mornings = Object.fromEntries(
      Object.keys(ALL_WEEK).map((d) => [d, [{ start: '00:00', end: '09:00' }]]),
    );

    // Act
    const refused = await call('PUT', `/admin/consultants/${consultantId}/schedule`, admin.accessToken, {
      weeklyHours: mornings,
    });
    const unchanged = await call('GET', `/admin/consultants/${consultantId}/schedule`, admin.accessToken);
    const forced = await call('PUT', `/admin/consultants/${consultantId}/schedule`, admin.accessToken, {
      weeklyHours: mornings,
      onConflict: 'cancel',
      cancelReason: 'Hours changed',
    });
    const appointment = await call(
      'GET',
      `/admin/appointments/${booked.body.appointmentId}`,
      admin.accessToken,
    );

    // Assert
    expect(refused.status).toBe(409);
    expect(refused.body.appointments).toEqual([
      expect.objectContaining({ appointmentId: booked.body.appointmentId, start }),
    ]);
    expect(unchanged.body.weeklyHours).toEqual(ALL_WEEK);
    expect(forced.status).toBe(200);
    expect(forced.body.cancelledAppointments).toHaveLength(1);
    expect(appointment.body).toMatchObject({ status: 'cancelled', cancelReason: 'Hours changed' });
    expect((await auditOf('appointment', booked.body.appointmentId)).map((e) => e.action)).toEqual([
      'appointment.cancel',
      'appointment.book',
    ]);
    expect((await auditOf('consultant', consultantId)).map((e) => e.action)).toEqual([
      'consultant.setSchedule',
      'consultant.create',
    ]);
  });

  it('It should add and remove time off, refusing time off over a booking unless told to cancel', async () => {
    // Arrange
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    const start = slotStart(3, 12);
    await call('POST', '/admin/appointments', admin.accessToken, {
      userId: customer.userId,
      serviceId,
      consultantId,
      start,
    });
    const over = { start: slotStart(3, 11), end: slotStart(3, 13), reason: 'Training' };
    const elsewhere = { start: slotStart(4, 11), end: slotStart(4, 13) };

    // Act
    const refused = await call(
      'POST',
      `/admin/consultants/${consultantId}/time-off`,
      admin.accessToken,
      over,
    );
    const added = await call(
      'POST',
      `/admin/consultants/${consultantId}/time-off`,
      admin.accessToken,
      elsewhere,
    );
    const removed = await call(
      'DELETE',
      `/admin/consultants/${consultantId}/time-off/${added.body.timeOffId}`,
      admin.accessToken,
    );
    const schedule = await call('GET', `/admin/consultants/${consultantId}/schedule`, admin.accessToken);

    // Assert
    expect(refused.status).toBe(409);
    expect(added.status).toBe(201);
    expect(removed.status).toBe(200);
    expect(schedule.body.timeOff).toEqual([]);
    expect((await auditOf('consultant', consultantId)).map((e) => e.action)).toEqual([
      'consultant.removeTimeOff',
      'consultant.addTimeOff',
      'consultant.create',
    ]);
  });
});

describe('appointment management', () => {
  it('It should list appointments by consultant and status with an opaque cursor', async () => {
    // Arrange
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    for (const hour of [9, 10, 11])
      await call('POST', '/admin/appointments', admin.accessToken, {
        userId: customer.userId,
        serviceId,
        consultantId,
        start: slotStart(5, hour),
      });
    const range = `from=${encodeURIComponent(slotStart(5, 0))}&to=${encodeURIComponent(slotStart(6, 0))}`;

    // Act
    const first = await call(
      'GET',
      `/admin/appointments?${range}&consultantId=${consultantId}&status=booked&limit=2`,
      admin.accessToken,
    );
    const second = await call(
      'GET',
      `/admin/appointments?${range}&consultantId=${consultantId}&status=booked&limit=2&cursor=${first.body.nextCursor}`,
      admin.accessToken,
    );
    const byUser = await call(
      'GET',
      `/admin/appointments?${range}&userId=${customer.userId}`,
      admin.accessToken,
    );
    const cancelledOnly = await call(
      'GET',
      `/admin/appointments?${range}&consultantId=${consultantId}&status=cancelled`,
      admin.accessToken,
    );

    // Assert
    expect(first.body.items.map((a: { start: string }) => a.start)).toEqual([
      slotStart(5, 9),
      slotStart(5, 10),
    ]);
    expect(second.body.items.map((a: { start: string }) => a.start)).toEqual([slotStart(5, 11)]);
    expect(second.body.nextCursor).toBeNull();
    expect(byUser.body.items).toHaveLength(3);
    expect(cancelledOnly.body.items).toEqual([]);
  });

  it('It should mark a started appointment completed and another no-show, audited; a future one is refused', async () => {
    // Arrange: appointments that started an hour ago, booked three hours before they started.
    const { serviceId, consultantId } = await createCatalog(admin.accessToken);
    const customer = await signIn();
    const past = (hour: number) => {
      const d = new Date(Date.now() - 86_400_000);
      d.setUTCHours(hour, 0, 0, 0);
      return d;
    };
    const book = (start: Date) =>
      bookAppointment({
        userId: customer.userId,
        serviceId,
        consultantId,
        start: start.toISOString(),
        channel: 'web',
        actor: { kind: 'user', userId: customer.userId },
        now: new Date(start.getTime() - 3 * 3_600_000),
      });
    const a = (await book(past(9))).appointment;
    const b = (await book(past(11))).appointment;
    const future = await call('POST', '/admin/appointments', admin.accessToken, {
      userId: customer.userId,
      serviceId,
      consultantId,
      start: slotStart(2, 15),
    });

    // Act
    const completed = await call(
      'POST',
      `/admin/appointments/${a.appointmentId}/complete`,
      admin.accessToken,
      {},
    );
    const noShow = await call('POST', `/admin/appointments/${b.appointmentId}/no-show`, admin.accessToken, {
      note: 'did not come',
    });
    const tooEarly = await call(
      'POST',
      `/admin/appointments/${future.body.appointmentId}/complete`,
      admin.accessToken,
      {},
    );

    // Assert
    expect(completed.body.status).toBe('completed');
    expect(noShow.body.status).toBe('no_show');
    expect(tooEarly.status).toBe(409);
    expect(await auditOf('appointment', a.appointmentId)).toEqual([
      expect.objectContaining({
        action: 'appointment.complete',
        before: expect.objectContaining({ status: 'booked' }),
        after: expect.objectContaining({ status: 'completed' }),
      }),
    ]);
    expect((await auditOf('appointment', b.appointmentId))[0]?.action).toBe('appointment.noShow');
  });
});
