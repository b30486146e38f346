import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { recordEvent } from '../analytics';
import { secret } from '../config';
import { documentClient, isConditionalCheckFailed, tableName } from '../db';
import { AppError, NotFoundError } from '../errors';
import { hmac, randomToken, safeEqual, sha256 } from '../tokens';

/**
 * Sign-in sessions and their rotating refresh tokens (RFC 9700 §4.14, OAuth 2.0 Security BCP).
 *
 * A refresh token is `<sessionId>.<secret>`; the secret is 256 random bits for the first token of
 * a session. The table keeps only SHA-256 hashes: the current one, the one it replaced (grace
 * window) and every retired one (reuse detection). Each use rotates the token; presenting a
 * retired token revokes the whole session, except the immediately previous token within
 * `REFRESH_GRACE_SECONDS` of its rotation (two parallel refreshes from one client): that one gets
 * the same successor again, which is derived as HMAC(pepper, sessionId.previousSecret) so it can be
 * re-derived without ever storing it.
 *
 * Key layout (docs/data-model.md "Auth"):
 * - session:          pk `SESSION#<sessionId>`  sk `SESSION`
 * - user's sessions:  gsi1pk `SESSIONS#<userId>`, gsi1sk `<createdAt>` (removed when revoked)
 * - TTL `expiresAt` = idle expiry (never beyond the absolute expiry).
 */
export const REFRESH_IDLE_SECONDS = 7 * 86400;
export const REFRESH_ABSOLUTE_SECONDS = 30 * 86400;
export const REFRESH_GRACE_SECONDS = 10;

export type Channel = 'email' | 'messenger';

export interface Session {
  type: 'session';
  sessionId: string;
  userId: string;
  channel: Channel;
  userAgent?: string;
  createdAt: string;
  lastUsedAt: string;
  /** Epoch seconds. */
  idleExpiresAt: number;
  /** Epoch seconds. */
  absoluteExpiresAt: number;
  revokedAt?: string;
  revokeReason?: 'logout' | 'revoked' | 'reuse' | 'blocked';
}

/** What a caller may see about a session (no hashes). */
export type SessionView = Pick<
  Session,
  'sessionId' | 'channel' | 'userAgent' | 'createdAt' | 'lastUsedAt' | 'absoluteExpiresAt'
>;

interface SessionItem extends Session {
  refreshHash: string;
  prevRefreshHash?: string;
  rotatedAtMs?: number;
}

const sessionKey = (sessionId: string) => ({ pk: `SESSION#${sessionId}`, sk: 'SESSION' });
const userSessionsPk = (userId: string) => `SESSIONS#${userId}`;
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

function toSession(item: Record<string, unknown>): Session {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g,
    gsi1sk: _s,
    expiresAt: _e,
    refreshHash: _r,
    prevRefreshHash: _p,
    retired: _x,
    rotatedAtMs: _t,
    ...rest
  } = item;
  return rest as unknown as Session;
}

export function isSessionActive(s: Session, now: Date = new Date()): boolean {
  const t = epoch(now);
  return !s.revokedAt && s.idleExpiresAt > t && s.absoluteExpiresAt > t;
}

export function sessionView(s: Session): SessionView {
  return {
    sessionId: s.sessionId,
    channel: s.channel,
    ...(s.userAgent ? { userAgent: s.userAgent } : {}),
    createdAt: s.createdAt,
    lastUsedAt: s.lastUsedAt,
    absoluteExpiresAt: s.absoluteExpiresAt,
  };
}

function parseRefreshToken(token: string): { sessionId: string; secret: string } | undefined {
  const m = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return m?.[1] && m[2] ? { sessionId: m[1], secret: m[2] } : undefined;
}

async function successorSecret(sessionId: string, parentSecret: string): Promise<string> {
  return hmac(await secret('REFRESH_TOKEN_PEPPER'), `${sessionId}.${parentSecret}`);
}

export interface CreateSessionInput {
  userId: string;
  channel: Channel;
  userAgent?: string;
  now?: Date;
}

/** Opens a session; returns it with its first refresh token (shown to the client once). */
export async function createSession(
  input: CreateSessionInput,
): Promise<{ session: Session; refreshToken: string }> {
  const now = input.now ?? new Date();
  const sessionId = randomUUID();
  const tokenSecret = randomToken();
  const absoluteExpiresAt = epoch(now) + REFRESH_ABSOLUTE_SECONDS;
  const idleExpiresAt = Math.min(epoch(now) + REFRESH_IDLE_SECONDS, absoluteExpiresAt);
  const session: Session = {
    type: 'session',
    sessionId,
    userId: input.userId,
    channel: input.channel,
    ...(input.userAgent ? { userAgent: input.userAgent.slice(0, 256) } : {}),
    createdAt: now.toISOString(),
    lastUsedAt: now.toISOString(),
    idleExpiresAt,
    absoluteExpiresAt,
  };
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...sessionKey(sessionId),
        ...session,
        refreshHash: sha256(tokenSecret),
        gsi1pk: userSessionsPk(input.userId),
        gsi1sk: session.createdAt,
        expiresAt: idleExpiresAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)', // sessionIdIsFresh
    }),
  );
  return { session, refreshToken: `${sessionId}.${tokenSecret}` };
}

async function getSessionItem(sessionId: string): Promise<SessionItem | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: sessionKey(sessionId),
      ConsistentRead: true, // logout and rotation must be visible to the very next request
      ProjectionExpression:
        'sessionId, userId, channel, userAgent, createdAt, lastUsedAt, idleExpiresAt, absoluteExpiresAt, revokedAt, revokeReason, refreshHash, prevRefreshHash, rotatedAtMs, #type',
      ExpressionAttributeNames: { '#type': 'type' },
    }),
  );
  return out.Item as SessionItem | undefined;
}

/** The session, revoked or not; undefined when unknown or deleted by TTL. */
export async function getSession(sessionId: string): Promise<Session | undefined> {
  const item = await getSessionItem(sessionId);
  return item ? toSession(item as unknown as Record<string, unknown>) : undefined;
}

const invalidRefresh = () =>
  new AppError('auth.invalidRefreshToken', 'Unauthorized', { detail: 'Invalid or expired refresh token' });

/**
 * Exchanges a refresh token for its successor (rotation on every use). Returns the session and
 * the new refresh token; the caller signs the access token. Reuse of a retired token revokes the
 * session and records `auth.token.reuseDetected`. Every failure is the same `auth.invalidRefreshToken`.
 */
export async function rotateRefreshToken(
  refreshToken: string,
  now: Date = new Date(),
): Promise<{ session: Session; refreshToken: string }> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) throw invalidRefresh();
  const { sessionId } = parsed;
  const presented = sha256(parsed.secret);
  const next = await successorSecret(sessionId, parsed.secret);

  for (let attempt = 0; attempt < 2; attempt++) {
    const item = await getSessionItem(sessionId);
    if (!item || !isSessionActive(item, now)) throw invalidRefresh();

    if (safeEqual(item.refreshHash, presented)) {
      const idle = Math.min(epoch(now) + REFRESH_IDLE_SECONDS, item.absoluteExpiresAt);
      try {
        const out = await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: sessionKey(sessionId),
            UpdateExpression:
              'SET refreshHash = :next, prevRefreshHash = :presented, rotatedAtMs = :nowMs, lastUsedAt = :nowIso, idleExpiresAt = :idle, expiresAt = :idle ADD retired :presentedSet',
            // presentedIsCurrent AND sessionLive: of parallel rotations of one token exactly one wins;
            // a revoked or expired session never rotates.
            ConditionExpression:
              'refreshHash = :presented AND attribute_not_exists(revokedAt) AND idleExpiresAt > :nowS AND absoluteExpiresAt > :nowS',
            ExpressionAttributeValues: {
              ':next': sha256(next),
              ':presented': presented,
              ':presentedSet': new Set([presented]),
              ':nowMs': now.getTime(),
              ':nowIso': now.toISOString(),
              ':idle': idle,
              ':nowS': epoch(now),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return {
          session: toSession(out.Attributes as Record<string, unknown>),
          refreshToken: `${sessionId}.${next}`,
        };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
        continue; // a parallel refresh won: re-read and take the grace path
      }
    }

    const inGrace =
      item.prevRefreshHash !== undefined &&
      safeEqual(item.prevRefreshHash, presented) &&
      now.getTime() - (item.rotatedAtMs ?? 0) <= REFRESH_GRACE_SECONDS * 1000 &&
      safeEqual(item.refreshHash, sha256(next));
    if (inGrace)
      return {
        session: toSession(item as unknown as Record<string, unknown>),
        refreshToken: `${sessionId}.${next}`,
      };

    await revokeOnReuse(item, presented, now);
    throw invalidRefresh();
  }
  throw invalidRefresh();
}

async function revokeOnReuse(item: SessionItem, presented: string, now: Date): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: sessionKey(item.sessionId),
        UpdateExpression: 'SET revokedAt = :now, revokeReason = :reason REMOVE gsi1pk, gsi1sk',
        // presentedWasRetired: only a token this session really issued (and rotated away) can revoke
        // it; a forged token naming the session id changes nothing.
        ConditionExpression: 'contains(retired, :presented) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':reason': 'reuse', ':presented': presented },
      }),
    );
    await recordEvent({
      type: 'auth.token.reuseDetected',
      userId: item.userId,
      props: { channel: item.channel },
      now,
    });
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
  }
}

/**
 * Revokes a session of `userId` (logout, "sign out that device"). Idempotent for an already revoked
 * session; a session of another user or an unknown id is `resource.notFound`.
 */
export async function revokeSession(
  sessionId: string,
  userId: string,
  reason: NonNullable<Session['revokeReason']> = 'revoked',
  now: Date = new Date(),
): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: sessionKey(sessionId),
        UpdateExpression:
          'SET revokedAt = if_not_exists(revokedAt, :now), revokeReason = if_not_exists(revokeReason, :reason) REMOVE gsi1pk, gsi1sk',
        ConditionExpression: 'attribute_exists(pk) AND userId = :userId', // ownedByCaller
        ExpressionAttributeValues: { ':now': now.toISOString(), ':reason': reason, ':userId': userId },
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new NotFoundError('session');
    throw err;
  }
}

/** The user's active sessions, newest first. */
export async function listSessions(userId: string, now: Date = new Date()): Promise<Session[]> {
  const sessions: Session[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': userSessionsPk(userId) },
        ScanIndexForward: false,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    for (const item of out.Items ?? []) {
      const s = toSession(item);
      if (isSessionActive(s, now)) sessions.push(s);
    }
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return sessions;
}

/** Revokes every active session of a user (blocking, "sign out everywhere"); returns how many. */
export async function revokeUserSessions(
  userId: string,
  reason: NonNullable<Session['revokeReason']> = 'revoked',
  now: Date = new Date(),
): Promise<number> {
  const sessions = await listSessions(userId, now);
  await Promise.all(sessions.map((s) => revokeSession(s.sessionId, userId, reason, now)));
  return sessions.length;
}
