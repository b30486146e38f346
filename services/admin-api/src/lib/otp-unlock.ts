import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '@bookingbot/common/db';
import { otpPolicy } from '@bookingbot/common/otp';
import { normalizeEmail } from '@bookingbot/common/users';

/**
 * Clears an email's sign-in lockout by deleting its OTP challenge (`pk OTP#<email>`, `sk OTP`,
 * docs/data-model.md "Auth"): the failed-attempt count, the current code and the resend throttle
 * go; the per-email and per-IP hourly request limits stay. The customer then requests a new code.
 * (The otp module has no unlock function yet; this uses its documented key layout.)
 * @returns the challenge's state before, or undefined when there was none
 */
export async function clearOtpChallenge(
  email: string,
  now = Date.now(),
): Promise<{ attempts: number; locked: boolean } | undefined> {
  const out = await documentClient().send(
    new DeleteCommand({
      TableName: tableName(),
      Key: { pk: `OTP#${normalizeEmail(email)}`, sk: 'OTP' },
      ReturnValues: 'ALL_OLD',
    }),
  );
  const old = out.Attributes;
  if (!old) return undefined;
  const p = otpPolicy();
  const attempts = Number(old.attempts ?? 0);
  const windowOpen = Number(old.windowStartedAt ?? 0) > now - p.windowSeconds * 1000;
  return { attempts, locked: windowOpen && attempts >= p.maxAttempts };
}
