import { randomInt, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { recordEvent } from '../analytics';
import { csvList, intFromEnv, loadConfig, secret } from '../config';
import { consumeRateLimit, documentClient, isConditionalCheckFailed, tableName } from '../db';
import { sendEmail, signInCodeEmail } from '../email';
import { AppError, DependencyError } from '../errors';
import type { Locale } from '../i18n';
import { createLogger, maskEmail } from '../logging';
import { countMetric, METRIC } from '../metrics';
import type { Channel } from '../sessions';
import { hmac, safeEqual } from '../tokens';
import { assertEmailAddress, findOrCreateUserByEmail, normalizeEmail, type User, updateUser } from '../users';

/**
 * The email one-time-code core, shared by the REST sign-in (auth-otp) and the Messenger chat
 * (linking a PSID to a verified email), so both run exactly the same rules:
 *
 * - a 6-digit code from a CSPRNG, stored only as HMAC-SHA256(pepper, email.codeId.code), compared
 *   in constant time, single use, valid `codeTtlSeconds`; a new code replaces the previous one;
 * - at least `resendIntervalSeconds` between requests for one email, at most
 *   `emailRequestsPerHour` per email and `ipRequestsPerHour` per IP (SES budget, OWASP API4);
 * - a sign-in window of `windowSeconds` that begins with the first request: `maxAttempts` wrong
 *   codes lock the email until the window ends; a new code does not reset the count; the window
 *   resets (attempts and lock cleared) when it ends, by the code path and by TTL;
 * - every counter and state change is one conditional write, so parallel guesses cannot exceed
 *   the attempt budget and one code can be redeemed once.
 *
 * Key layout (docs/data-model.md "Auth"): pk `OTP#<email>`, sk `OTP`, TTL after window and code end.
 */
export interface OtpPolicy {
  /** @default 300 (NIST SP 800-63B caps out-of-band codes at 10 minutes) */
  codeTtlSeconds: number;
  /** @default 11 */
  resendIntervalSeconds: number;
  /** @default 5 */
  maxAttempts: number;
  /** @default 900 */
  windowSeconds: number;
  /** @default 10 (env OTP_EMAIL_REQUESTS_PER_HOUR) */
  emailRequestsPerHour: number;
  /** @default 60 (env OTP_IP_REQUESTS_PER_HOUR) */
  ipRequestsPerHour: number;
  /** @default 120 (env OTP_IP_VERIFICATIONS_PER_HOUR) */
  ipVerificationsPerHour: number;
  /** Emails that are admins by configuration (env ADMIN_EMAILS). @default [] */
  adminEmails: string[];
}

const otpShape = {
  OTP_EMAIL_REQUESTS_PER_HOUR: intFromEnv(10),
  OTP_IP_REQUESTS_PER_HOUR: intFromEnv(60),
  OTP_IP_VERIFICATIONS_PER_HOUR: intFromEnv(120),
  ADMIN_EMAILS: csvList,
};

let policy: OtpPolicy | undefined;
/** The policy of this process (constants plus the env-tunable limits), read once. */
export function otpPolicy(): OtpPolicy {
  if (!policy) {
    const cfg = loadConfig(otpShape);
    policy = {
      codeTtlSeconds: 300,
      resendIntervalSeconds: 11,
      maxAttempts: 5,
      windowSeconds: 900,
      emailRequestsPerHour: cfg.OTP_EMAIL_REQUESTS_PER_HOUR,
      ipRequestsPerHour: cfg.OTP_IP_REQUESTS_PER_HOUR,
      ipVerificationsPerHour: cfg.OTP_IP_VERIFICATIONS_PER_HOUR,
      adminEmails: cfg.ADMIN_EMAILS,
    };
  }
  return policy;
}

interface ChallengeItem {
  windowStartedAt: number;
  attempts: number;
  lastRequestedAt: number;
  codeHash?: string;
  codeId?: string;
  codeExpiresAt?: number;
}

const log = createLogger('otp');
const challengeKey = (email: string) => ({ pk: `OTP#${email}`, sk: 'OTP' });
const ttl = (ms: number) => Math.ceil(ms / 1000) + 60;
const secondsUntil = (ms: number, now: number) => Math.max(1, Math.ceil((ms - now) / 1000));

/** A uniformly random 6-digit code (rejection sampling inside `randomInt`, no modulo bias). */
export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** True while the sign-in window that began at `windowStartedAt` is still open. */
export function windowOpen(
  windowStartedAt: number,
  now: number,
  p: Pick<OtpPolicy, 'windowSeconds'>,
): boolean {
  return now < windowStartedAt + p.windowSeconds * 1000;
}

async function codeHash(email: string, codeId: string, code: string): Promise<string> {
  return hmac(await secret('OTP_PEPPER'), `${email}.${codeId}.${code}`);
}

/** The sign-in email in the customer's language (the one catalog, `@bookingbot/common/i18n`). */
export function otpEmail(code: string, channel: Channel, ttlSeconds: number, locale: Locale = 'en') {
  return signInCodeEmail({ code, channel, ttlSeconds, locale });
}

export interface RequestOtpInput {
  email: string;
  /** The caller's IP (per-IP limit). */
  ip: string;
  channel: Channel;
  /** The language of the code email (the chat's or the page's). @default 'en' */
  locale?: Locale;
  now?: Date;
  policy?: Partial<OtpPolicy>;
}

export interface RequestOtpResult {
  /** Seconds the code stays valid. */
  expiresIn: number;
  /** Seconds before another code may be requested. */
  resendAfter: number;
}

async function readChallenge(email: string): Promise<ChallengeItem | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: challengeKey(email), ConsistentRead: true }),
  );
  return out.Item as ChallengeItem | undefined;
}

/**
 * Claims the right to send a code now: opens a new window when there is none (or it ended), else
 * records the request in the open window. Throws `otp.throttled` (resend interval) or `otp.locked`.
 */
async function claimRequest(email: string, channel: Channel, now: number, p: OtpPolicy): Promise<void> {
  const staleBefore = now - p.windowSeconds * 1000;
  const throttleBefore = now - p.resendIntervalSeconds * 1000;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: challengeKey(email),
          UpdateExpression:
            'SET #type = :type, windowStartedAt = :now, attempts = :zero, lastRequestedAt = :now, channel = :channel, expiresAt = :ttl REMOVE codeHash, codeId, codeExpiresAt',
          // windowNewOrEnded AND resendIntervalPassed: a fresh window; the throttle still applies across windows.
          ConditionExpression:
            '(attribute_not_exists(pk) OR windowStartedAt <= :staleBefore) AND (attribute_not_exists(lastRequestedAt) OR lastRequestedAt <= :throttleBefore)',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'otpChallenge',
            ':now': now,
            ':zero': 0,
            ':channel': channel,
            ':ttl': ttl(now + p.windowSeconds * 1000),
            ':staleBefore': staleBefore,
            ':throttleBefore': throttleBefore,
          },
        }),
      );
      return;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: challengeKey(email),
          UpdateExpression: 'SET lastRequestedAt = :now, channel = :channel',
          // windowOpen AND resendIntervalPassed AND notLocked: a locked email gets no new code (and
          // its attempt count stays), so requesting codes cannot reset the lockout.
          ConditionExpression:
            'windowStartedAt > :staleBefore AND lastRequestedAt <= :throttleBefore AND attempts < :max',
          ExpressionAttributeValues: {
            ':now': now,
            ':channel': channel,
            ':staleBefore': staleBefore,
            ':throttleBefore': throttleBefore,
            ':max': p.maxAttempts,
          },
        }),
      );
      return;
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    const item = await readChallenge(email);
    if (!item) continue;
    if (item.lastRequestedAt > throttleBefore) {
      throw new AppError('otp.throttled', 'Too Many Requests', {
        detail: 'A code was sent moments ago; wait before asking for another',
        retryAfter: secondsUntil(item.lastRequestedAt + p.resendIntervalSeconds * 1000, now),
      });
    }
    if (windowOpen(item.windowStartedAt, now, p) && item.attempts >= p.maxAttempts)
      throw lockedError(item, now, p);
    // The window ended between the two writes: try again.
  }
  throw new DependencyError('DynamoDB');
}

function lockedError(item: ChallengeItem, now: number, p: OtpPolicy): AppError {
  return new AppError('otp.locked', 'Too Many Requests', {
    detail: 'Too many wrong codes for this email; try again later',
    retryAfter: secondsUntil(item.windowStartedAt + p.windowSeconds * 1000, now),
  });
}

/**
 * Sends a new sign-in code to `email`. Answers the same for known and unknown addresses (sign-up
 * is implicit). Throws `rateLimit.exceeded` (per-IP or hourly per-email cap), `otp.throttled`,
 * `otp.locked`, or `dependency.unavailable` when SES fails (the request still counts, and the
 * undelivered code is withdrawn).
 */
export async function requestOtp(input: RequestOtpInput): Promise<RequestOtpResult> {
  // Before any write: a refused address changes nothing (no rate-limit count, no challenge).
  assertEmailAddress(input.email);
  const p = { ...otpPolicy(), ...input.policy };
  const email = normalizeEmail(input.email);
  const now = (input.now ?? new Date()).getTime();
  let outcome = 'sent';
  try {
    await consumeRateLimit(
      { name: 'otp-request-ip', limit: p.ipRequestsPerHour, windowSeconds: 3600 },
      input.ip,
      now,
    );
    await claimRequest(email, input.channel, now, p);
    await consumeRateLimit(
      { name: 'otp-request-email', limit: p.emailRequestsPerHour, windowSeconds: 3600 },
      email,
      now,
    );

    const code = generateCode();
    const codeId = randomUUID();
    const codeExpiresAt = now + p.codeTtlSeconds * 1000;
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: challengeKey(email),
        UpdateExpression: 'SET codeHash = :hash, codeId = :codeId, codeExpiresAt = :exp, expiresAt = :ttl',
        // stillLatestRequest: only the request that claimed this moment stores its code.
        ConditionExpression: 'lastRequestedAt = :now',
        ExpressionAttributeValues: {
          ':hash': await codeHash(email, codeId, code),
          ':codeId': codeId,
          ':exp': codeExpiresAt,
          ':ttl': ttl(Math.max(codeExpiresAt, now + p.windowSeconds * 1000)),
          ':now': now,
        },
      }),
    );

    try {
      await sendEmail({ to: email, ...otpEmail(code, input.channel, p.codeTtlSeconds, input.locale) });
    } catch (err) {
      outcome = 'sesFailed';
      await withdrawCode(email, codeId);
      log.error('sign-in code not sent', { email: maskEmail(email), error: err as Error });
      throw new DependencyError('Email delivery', err, p.resendIntervalSeconds);
    }
    countMetric(METRIC.otpRequested);
    await recordEvent({ type: 'auth.otp.sent', props: { channel: input.channel }, now: new Date(now) });
    return { expiresIn: p.codeTtlSeconds, resendAfter: p.resendIntervalSeconds };
  } catch (err) {
    if (outcome === 'sent') outcome = err instanceof AppError ? err.code : 'error';
    throw err;
  } finally {
    await recordEvent({
      type: 'auth.otp.requested',
      props: { channel: input.channel, outcome },
      now: new Date(now),
    });
  }
}

async function withdrawCode(email: string, codeId: string): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: challengeKey(email),
        UpdateExpression: 'REMOVE codeHash, codeId, codeExpiresAt',
        ConditionExpression: 'codeId = :codeId', // stillThisCode: never withdraw a newer code
        ExpressionAttributeValues: { ':codeId': codeId },
      }),
    );
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
  }
}

export interface VerifyOtpInput {
  email: string;
  code: string;
  ip: string;
  channel: Channel;
  now?: Date;
  policy?: Partial<OtpPolicy>;
}

const invalidCode = () =>
  new AppError('otp.invalid', 'Unauthorized', { detail: 'The code is wrong, expired or already used' });

/** Opens a new window over an ended one (attempts and lock cleared), keeping a still-valid code. */
async function resetEndedWindow(email: string, item: ChallengeItem, now: number, p: OtpPolicy) {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: challengeKey(email),
        UpdateExpression: 'SET windowStartedAt = :now, attempts = :zero, expiresAt = :ttl',
        ConditionExpression: 'windowStartedAt = :old', // windowUnchanged: one reset per ended window
        ExpressionAttributeValues: {
          ':now': now,
          ':zero': 0,
          ':old': item.windowStartedAt,
          ':ttl': ttl(Math.max(item.codeExpiresAt ?? 0, now + p.windowSeconds * 1000)),
        },
      }),
    );
    return { ...item, windowStartedAt: now, attempts: 0 };
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    return readChallenge(email);
  }
}

/**
 * Redeems a code. Returns the user (created on first verification; `role: admin` granted to
 * ADMIN_EMAILS). Wrong, expired, used and never-requested codes all throw the same `otp.invalid`
 * after the same work (one read, one conditional write); a locked email throws `otp.locked` even
 * for the right code; a blocked user `auth.userBlocked`.
 */
export async function verifyOtp(input: VerifyOtpInput): Promise<{ user: User; created: boolean }> {
  assertEmailAddress(input.email);
  const p = { ...otpPolicy(), ...input.policy };
  const email = normalizeEmail(input.email);
  const now = (input.now ?? new Date()).getTime();
  const at = new Date(now);
  await consumeRateLimit(
    { name: 'otp-verify-ip', limit: p.ipVerificationsPerHour, windowSeconds: 3600 },
    input.ip,
    now,
  );

  let item = await readChallenge(email);
  if (item && !windowOpen(item.windowStartedAt, now, p)) item = await resetEndedWindow(email, item, now, p);
  if (item && item.attempts >= p.maxAttempts) {
    await recordFailure(input.channel, 'locked', at);
    throw lockedError(item, now, p);
  }

  const presented = await codeHash(email, item?.codeId ?? 'none', input.code);
  const matches =
    item?.codeHash !== undefined && safeEqual(item.codeHash, presented) && (item.codeExpiresAt ?? 0) > now;

  if (item && matches) {
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: challengeKey(email),
          // codeUnusedAndNotLocked: of parallel redemptions exactly one deletes the challenge; a
          // lock reached in between (attempts hit the max) wins over the right code.
          ConditionExpression: 'codeHash = :hash AND attempts < :max',
          ExpressionAttributeValues: { ':hash': presented, ':max': p.maxAttempts },
        }),
      );
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
      await recordFailure(input.channel, 'used', at);
      throw invalidCode();
    }
    return signUpOrIn(email, input.channel, p, at);
  }

  // Wrong, expired or never requested: count the attempt (a no-op write when there is no challenge,
  // so every failure costs the same).
  try {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: challengeKey(email),
        UpdateExpression: 'ADD attempts :one',
        // attemptsRemain in this window: 50 parallel wrong guesses count at most `maxAttempts`.
        ConditionExpression: 'attribute_exists(pk) AND windowStartedAt = :ws AND attempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':ws': item?.windowStartedAt ?? -1, ':max': p.maxAttempts },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const attempts = Number(out.Attributes?.attempts ?? 0);
    await recordFailure(input.channel, 'invalid', at);
    if (attempts >= p.maxAttempts) {
      log.warn('sign-in locked after wrong codes', { email: maskEmail(email) });
      countMetric(METRIC.otpLocked);
      await recordEvent({ type: 'auth.otp.locked', props: { channel: input.channel }, now: at });
    }
  } catch (err) {
    if (!isConditionalCheckFailed(err)) throw err;
    if (item) {
      const latest = await readChallenge(email);
      if (latest && windowOpen(latest.windowStartedAt, now, p) && latest.attempts >= p.maxAttempts)
        throw lockedError(latest, now, p);
    }
    await recordFailure(input.channel, 'invalid', at);
  }
  throw invalidCode();
}

async function signUpOrIn(email: string, channel: Channel, p: OtpPolicy, now: Date) {
  const isConfiguredAdmin = p.adminEmails.includes(email);
  let { user, created } = await findOrCreateUserByEmail(email, isConfiguredAdmin ? 'admin' : 'user');
  if (user.blocked) {
    await recordFailure(channel, 'blocked', now, user.userId);
    throw new AppError('auth.userBlocked', 'Forbidden', { detail: 'This account is blocked' });
  }
  // ADMIN_EMAILS is the bootstrap list: it grants the role on the record, where admins manage it.
  if (isConfiguredAdmin && user.role !== 'admin') user = await updateUser(user.userId, { role: 'admin' });
  countMetric(METRIC.otpVerified);
  await recordEvent({
    type: 'auth.otp.verified',
    userId: user.userId,
    props: { channel, newUser: created },
    now,
  });
  return { user, created };
}

/**
 * Clears an email's sign-in challenge (an admin unlocking a customer): the attempt count and lock,
 * the current code and the resend interval go; the hourly per-email and per-IP caps stay. The
 * customer then requests a new code. Returns the state before, or undefined when there was none.
 */
export async function unlockOtp(
  email: string,
  now: Date = new Date(),
): Promise<{ attempts: number; locked: boolean } | undefined> {
  const p = otpPolicy();
  const out = await documentClient().send(
    new DeleteCommand({
      TableName: tableName(),
      Key: challengeKey(normalizeEmail(email)),
      ReturnValues: 'ALL_OLD',
    }),
  );
  const old = out.Attributes as ChallengeItem | undefined;
  if (!old) return undefined;
  const attempts = Number(old.attempts ?? 0);
  return { attempts, locked: windowOpen(old.windowStartedAt, now.getTime(), p) && attempts >= p.maxAttempts };
}

/** A refused code: the `OtpFailed` metric (dashboards) and the `auth.otp.failed` analytics event. */
async function recordFailure(channel: Channel, reason: string, now: Date, userId?: string) {
  countMetric(METRIC.otpFailed);
  await recordEvent({
    type: 'auth.otp.failed',
    ...(userId ? { userId } : {}),
    props: { channel, reason },
    now,
  });
}
