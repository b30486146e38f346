/**
 * Sign-in helpers for end-to-end tests: the real email-OTP flow over HTTP against the running
 * offline stack (AUTH_URL), reading the code from SES local's store (SES_ENDPOINT).
 *
 * Every call uses its own email unless one is given, so tests never share a throttle window or a
 * lockout. Admins are made the way a deployed admin grants the role (the user record's `role`),
 * which needs DYNAMODB_ENDPOINT (set by the test runner).
 */
import { randomUUID } from 'node:crypto';
import { findOrCreateUserByEmail, updateUser } from '@bookingbot/common/users';

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  userId: string;
  email: string;
  expiresIn: number;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through scripts/test.mjs`);
  return value;
};

/** A fresh address on a reserved domain (RFC 2606), unique per call. */
export const randomEmail = (prefix = 'user') => `${prefix}-${randomUUID()}@example.com`;

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** Every mail SES local holds for `email`, oldest first. */
export async function inbox(email: string): Promise<StoredMail[]> {
  const res = await fetch(`${env('SES_ENDPOINT')}/store`);
  if (!res.ok) throw new Error(`SES local store answered ${res.status}`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  const wanted = email.toLowerCase();
  return emails.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(wanted)));
}

/** The code of the newest sign-in mail to `email` (polls briefly: the send is part of the request). */
export async function latestCode(email: string, { timeoutMs = 3000 } = {}): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await inbox(email);
    const code = /\b(\d{6})\b/.exec(mails.at(-1)?.subject ?? '')?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no sign-in code mailed to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${env('AUTH_URL')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** `sub` of a JWT without verifying it (the caller just received it from the server). */
const subject = (jwt: string): string =>
  (JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub: string }).sub;

/**
 * Signs `email` in through POST /auth/otp/request → SES local → POST /auth/otp/verify and returns
 * the token pair. The same email can ask for a code once per 11 s (a second call sooner throws on
 * the 429): use fresh addresses, or wait. @default email a fresh random address
 */
export async function signIn(
  email: string = randomEmail(),
  { userAgent = 'bookingbot-e2e' }: { userAgent?: string } = {},
): Promise<SignedIn> {
  const requested = await post('/auth/otp/request', { email });
  if (requested.status !== 202)
    throw new Error(`/auth/otp/request answered ${requested.status}: ${await requested.text()}`);
  const code = await latestCode(email);
  const verified = await post('/auth/otp/verify', { email, code }, { 'user-agent': userAgent });
  if (verified.status !== 200)
    throw new Error(`/auth/otp/verify answered ${verified.status}: ${await verified.text()}`);
  const tokens = (await verified.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
  return { ...tokens, userId: subject(tokens.accessToken), email };
}

/**
 * Signs in a fresh admin: creates the user, grants `role: admin` on its record (what an admin does
 * through admin-api), then runs the normal sign-in. @default email a fresh random address
 */
export async function signInAdmin(email: string = randomEmail('admin')): Promise<SignedIn> {
  const { user } = await findOrCreateUserByEmail(email);
  if (user.role !== 'admin') await updateUser(user.userId, { role: 'admin' });
  return signIn(email);
}

/** `{ authorization: 'Bearer …' }` for fetch. */
export const bearer = (s: { accessToken: string }) => ({ authorization: `Bearer ${s.accessToken}` });
