import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../src/db/index';
import { type AppError, NotFoundError } from '../../src/errors/index';
import {
  createSession,
  getSession,
  listSessions,
  REFRESH_ABSOLUTE_SECONDS,
  REFRESH_GRACE_SECONDS,
  REFRESH_IDLE_SECONDS,
  revokeSession,
  rotateRefreshToken,
} from '../../src/sessions/index';

const at = (t0: number, seconds: number) => new Date(t0 + seconds * 1000);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AppError,
  );
const open = (userId = randomUUID(), now = new Date()) =>
  createSession({ userId, channel: 'email', userAgent: 'jest', now });

async function analyticsEventsOfType(type: string, day: string) {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#e.#t = :type',
      ExpressionAttributeNames: { '#e': 'event', '#t': 'type' },
      ExpressionAttributeValues: { ':pk': `EVT#${day}`, ':type': type },
    }),
  );
  return out.Items ?? [];
}

// 50-way races against DynamoDB Local take seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('sessions and rotating refresh tokens (DynamoDB Local)', () => {
  it('It should rotate the refresh token on every use and refuse the previous one after the grace window', async () => {
    // Arrange
    const t0 = Date.now();
    const { refreshToken: first } = await open(undefined, new Date(t0));
    // Act
    const second = await rotateRefreshToken(first, at(t0, 60));
    const third = await rotateRefreshToken(second.refreshToken, at(t0, 120));
    // Assert
    expect(second.refreshToken).not.toBe(first);
    expect(third.refreshToken).not.toBe(second.refreshToken);
    expect(third.refreshToken.split('.')[0]).toBe(first.split('.')[0]);
    expect(third.session.lastUsedAt).toBe(at(t0, 120).toISOString());
  });

  it('It should revoke the whole session when a rotated token is replayed after the grace window (reuse detection)', async () => {
    // Arrange: the attacker holds `stolen`; the client rotated it
    const t0 = Date.now();
    const { session, refreshToken: stolen } = await open(undefined, new Date(t0));
    const client = await rotateRefreshToken(stolen, at(t0, 1));
    // Act
    const replay = await errorOf(rotateRefreshToken(stolen, at(t0, 1 + REFRESH_GRACE_SECONDS + 1)));
    const clientNext = await errorOf(rotateRefreshToken(client.refreshToken, at(t0, 30)));
    // Assert
    expect(replay?.code).toBe('auth.invalidRefreshToken');
    expect(replay?.status).toBe(401);
    expect(clientNext?.code).toBe('auth.invalidRefreshToken');
    expect(await getSession(session.sessionId)).toMatchObject({ revokeReason: 'reuse' });
    const events = await analyticsEventsOfType(
      'auth.token.reuseDetected',
      new Date().toISOString().slice(0, 10),
    );
    expect(events.length).toBeGreaterThanOrEqual(1);
  });

  it('It should give two refreshes of one token within the grace window the same successor, without revoking', async () => {
    const t0 = Date.now();
    const { session, refreshToken } = await open(undefined, new Date(t0));
    const a = await rotateRefreshToken(refreshToken, at(t0, 1));
    const b = await rotateRefreshToken(refreshToken, at(t0, 1 + REFRESH_GRACE_SECONDS - 1));
    expect(b.refreshToken).toBe(a.refreshToken);
    expect((await getSession(session.sessionId))?.revokedAt).toBeUndefined();
    await expect(rotateRefreshToken(a.refreshToken, at(t0, 20))).resolves.toHaveProperty('refreshToken');
  });

  it('It should rotate exactly once for 50 parallel refreshes of one token and hand all of them the same successor', async () => {
    const { session, refreshToken } = await open();

    const results = await Promise.all(Array.from({ length: 50 }, () => rotateRefreshToken(refreshToken)));

    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect((await getSession(session.sessionId))?.revokedAt).toBeUndefined();
  });

  it('It should not let a forged token naming a real session id revoke it', async () => {
    const { session, refreshToken } = await open();
    const forged = `${session.sessionId}.${'A'.repeat(43)}`;
    expect((await errorOf(rotateRefreshToken(forged)))?.code).toBe('auth.invalidRefreshToken');
    expect((await getSession(session.sessionId))?.revokedAt).toBeUndefined();
    await expect(rotateRefreshToken(refreshToken)).resolves.toHaveProperty('refreshToken');
  });

  it('It should expire a session idle for 7 days, and any session 30 days after sign-in', async () => {
    const t0 = Date.now();
    const idle = await open(undefined, new Date(t0));
    expect(
      (await errorOf(rotateRefreshToken(idle.refreshToken, at(t0, REFRESH_IDLE_SECONDS + 1))))?.code,
    ).toBe('auth.invalidRefreshToken');

    const active = await open(undefined, new Date(t0));
    let token = active.refreshToken;
    for (const day of [6, 12, 18, 24, 29])
      token = (await rotateRefreshToken(token, at(t0, day * 86400))).refreshToken;
    expect((await errorOf(rotateRefreshToken(token, at(t0, REFRESH_ABSOLUTE_SECONDS + 1))))?.code).toBe(
      'auth.invalidRefreshToken',
    );
  });

  it('It should refuse malformed refresh tokens with the same error', async () => {
    for (const bad of ['', 'x', `${randomUUID()}.short`, `${randomUUID()}.${'A'.repeat(43)}`]) {
      expect((await errorOf(rotateRefreshToken(bad)))?.code).toBe('auth.invalidRefreshToken');
    }
  });

  it('It should list a user’s active sessions newest first and drop revoked ones', async () => {
    const userId = randomUUID();
    const t0 = Date.now();
    const older = await open(userId, new Date(t0));
    const newer = await open(userId, at(t0, 5));
    await open(randomUUID());

    const before = await listSessions(userId);
    await revokeSession(older.session.sessionId, userId, 'logout');
    const after = await listSessions(userId);

    expect(before.map((s) => s.sessionId)).toEqual([newer.session.sessionId, older.session.sessionId]);
    expect(before[0]).toMatchObject({ channel: 'email', userAgent: 'jest' });
    expect(JSON.stringify(before)).not.toMatch(/refreshHash|retired/);
    expect(after.map((s) => s.sessionId)).toEqual([newer.session.sessionId]);
    expect((await errorOf(rotateRefreshToken(older.refreshToken)))?.code).toBe('auth.invalidRefreshToken');
  });

  it('It should refuse to revoke another user’s session, and revoke one’s own idempotently', async () => {
    const { session } = await open();
    await expect(revokeSession(session.sessionId, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    expect((await getSession(session.sessionId))?.revokedAt).toBeUndefined();
    await revokeSession(session.sessionId, session.userId, 'logout');
    await revokeSession(session.sessionId, session.userId, 'revoked');
    expect(await getSession(session.sessionId)).toMatchObject({ revokeReason: 'logout' });
  });
});
