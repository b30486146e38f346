import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { listAudit } from '@bookingbot/common/audit';
import { documentClient, tableName } from '@bookingbot/common/db';
import { findOrCreateUserByEmail } from '@bookingbot/common/users';
import { apiEvent, ctx, dispatch as handler } from './api-event';

/** User operations through the handler on DynamoDB Local (authorizer context fabricated). */
describe('clearing an OTP lockout', () => {
  it('It should delete the locked challenge so the customer can request a code again, audited', async () => {
    // Arrange: five wrong codes in an open window (the otp module's documented item).
    const email = `locked-${randomUUID()}@example.com`;
    const { user } = await findOrCreateUserByEmail(email);
    const key = { pk: `OTP#${email}`, sk: 'OTP' };
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key,
          type: 'otpChallenge',
          attempts: 5,
          windowStartedAt: Date.now() - 60_000,
          lastRequestedAt: Date.now() - 60_000,
        },
      }),
    );
    const adminId = `admin-${randomUUID()}`;

    // Act
    const res = await handler(
      apiEvent('POST', '/admin/users/{id}/unlock-otp', {
        params: { id: user.userId },
        body: { reason: 'called support' },
        userId: adminId,
      }),
      ctx,
    );

    // Assert
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ wasLocked: true, failedAttempts: 5 });
    expect(
      (await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item,
    ).toBeUndefined();
    const { entries } = await listAudit({ target: { type: 'user', id: user.userId } });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'user.unlockOtp',
        actor: expect.objectContaining({ userId: adminId }),
        before: { attempts: 5, locked: true },
        after: { attempts: 0, locked: false },
        reason: 'called support',
      }),
    ]);
  });

  it('It should answer 404 for an unknown user and change nothing', async () => {
    // Act
    const res = await handler(
      apiEvent('POST', '/admin/users/{id}/unlock-otp', { params: { id: randomUUID() }, body: {} }),
      ctx,
    );

    // Assert
    expect(res.statusCode).toBe(404);
  });
});
