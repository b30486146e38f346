import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../src/db/index';
import { setEmailTransport } from '../../src/email/index';
import { AppError } from '../../src/errors/index';
import { requestOtp, unlockOtp, verifyOtp } from '../../src/otp/index';
import { getUserByEmail, updateUser } from '../../src/users/index';

const SES = process.env.SES_ENDPOINT as string;
const email = () => `otp-${randomUUID()}@example.com`;
const ip = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const at = (t0: number, seconds: number) => new Date(t0 + seconds * 1000);

interface Mail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}
async function mailsTo(address: string): Promise<Mail[]> {
  const { emails } = (await (await fetch(`${SES}/store`)).json()) as { emails: Mail[] };
  return emails.filter((m) => m.destination.to.some((t) => t.includes(address)));
}
async function lastCode(address: string): Promise<string> {
  const mail = (await mailsTo(address)).at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.subject ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${address}`);
  return code;
}
async function challenge(address: string) {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: { pk: `OTP#${address}`, sk: 'OTP' },
      ConsistentRead: true,
    }),
  );
  return out.Item;
}
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as AppError,
  );

// 50-way races against DynamoDB Local take seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('the OTP core (DynamoDB Local + SES local)', () => {
  it('It should mail a 6-digit code in the subject, text and HTML, and sign up the address on first verification', async () => {
    // Arrange
    const address = email();
    // Act
    const result = await requestOtp({ email: address.toUpperCase(), ip: ip(), channel: 'email' });
    const [mail] = await mailsTo(address);
    const code = await lastCode(address);
    const { user, created } = await verifyOtp({ email: address, code, ip: ip(), channel: 'email' });
    // Assert
    expect(result).toEqual({ expiresIn: 300, resendAfter: 11 });
    expect(mail?.body.text).toContain(code);
    expect(mail?.body.html).toContain(code);
    expect(created).toBe(true);
    expect(user).toMatchObject({ email: address, role: 'user', blocked: false });
    expect(await challenge(address)).toBeUndefined();
  });

  it('It should store only a keyed hash of the code, with a TTL at the end of the sign-in window', async () => {
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const code = await lastCode(address);
    const item = await challenge(address);
    expect(JSON.stringify(item)).not.toContain(code);
    expect(item?.codeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(item?.expiresAt).toBeGreaterThanOrEqual(Math.floor(t0 / 1000) + 900);
    expect(item?.expiresAt).toBeLessThanOrEqual(Math.floor(t0 / 1000) + 900 + 61);
  });

  it('It should answer a wrong, expired, used and never-requested code with the same error', async () => {
    // Arrange
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const code = await lastCode(address);
    // Act
    const wrongCode = await errorOf(
      verifyOtp({ email: address, code: wrong(code), ip: ip(), channel: 'email', now: at(t0, 1) }),
    );
    const expired = await errorOf(
      verifyOtp({ email: address, code, ip: ip(), channel: 'email', now: at(t0, 301) }),
    );
    const address2 = email();
    await requestOtp({ email: address2, ip: ip(), channel: 'email' });
    const code2 = await lastCode(address2);
    await verifyOtp({ email: address2, code: code2, ip: ip(), channel: 'email' });
    const used = await errorOf(verifyOtp({ email: address2, code: code2, ip: ip(), channel: 'email' }));
    const never = await errorOf(verifyOtp({ email: email(), code: '123456', ip: ip(), channel: 'email' }));
    // Assert
    for (const err of [wrongCode, expired, used, never]) {
      expect(err).toBeInstanceOf(AppError);
      expect({ code: err?.code, status: err?.status, message: err?.message, detail: err?.detail }).toEqual({
        code: 'otp.invalid',
        status: 401,
        message: 'Unauthorized',
        detail: 'The code is wrong, expired or already used',
      });
    }
  });

  it('It should accept only the latest code when a second one was requested', async () => {
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const first = await lastCode(address);
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 12) });
    const second = await lastCode(address);
    // (1 in a million: both codes are equal and this test fails; rerun.)
    const err = await errorOf(
      verifyOtp({ email: address, code: first, ip: ip(), channel: 'email', now: at(t0, 13) }),
    );
    expect(err?.code).toBe('otp.invalid');
    await expect(
      verifyOtp({ email: address, code: second, ip: ip(), channel: 'email', now: at(t0, 14) }),
    ).resolves.toHaveProperty('user');
  });

  it('It should refuse a second request within 11 s with Retry-After, and accept it after', async () => {
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const throttled = await errorOf(
      requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 4) }),
    );
    expect(throttled?.code).toBe('otp.throttled');
    expect(throttled?.status).toBe(429);
    expect(throttled?.retryAfter).toBe(7);
    await expect(
      requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 11) }),
    ).resolves.toBeDefined();
    expect(await mailsTo(address)).toHaveLength(2);
  });

  it('It should cap the codes sent to one email per hour', async () => {
    const address = email();
    const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1000;
    const policy = { emailRequestsPerHour: 2 };
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 0), policy });
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 12), policy });
    const capped = await errorOf(
      requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 24), policy }),
    );
    expect(capped?.code).toBe('rateLimit.exceeded');
    expect(capped?.retryAfter).toBeGreaterThan(3000);
    expect(await mailsTo(address)).toHaveLength(2);
  });

  it('It should cap the code requests from one IP across emails', async () => {
    const from = ip();
    const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1000;
    const policy = { ipRequestsPerHour: 3 };
    for (let i = 0; i < 3; i++)
      await requestOtp({ email: email(), ip: from, channel: 'email', now: at(t0, i), policy });
    const victim = email();
    const capped = await errorOf(
      requestOtp({ email: victim, ip: from, channel: 'email', now: at(t0, 4), policy }),
    );
    expect(capped?.code).toBe('rateLimit.exceeded');
    expect(await mailsTo(victim)).toHaveLength(0);
  });

  it('It should lock the email after 5 wrong codes: the right code then gets 429, and a new request neither sends nor resets', async () => {
    // Arrange
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const code = await lastCode(address);
    // Act
    for (let i = 1; i <= 5; i++) {
      const err = await errorOf(
        verifyOtp({ email: address, code: wrong(code), ip: ip(), channel: 'email', now: at(t0, i) }),
      );
      expect(err?.code).toBe('otp.invalid');
    }
    const right = await errorOf(
      verifyOtp({ email: address, code, ip: ip(), channel: 'email', now: at(t0, 6) }),
    );
    const again = await errorOf(requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 20) }));
    // Assert
    expect(right?.code).toBe('otp.locked');
    expect(right?.status).toBe(429);
    expect(right?.retryAfter).toBe(900 - 6);
    expect(again?.code).toBe('otp.locked');
    expect(await mailsTo(address)).toHaveLength(1);
    expect((await challenge(address))?.attempts).toBe(5);
  });

  it('It should count at most 5 of 50 parallel wrong guesses and never accept the right code after the lock', async () => {
    const address = email();
    await requestOtp({ email: address, ip: ip(), channel: 'email' });
    const code = await lastCode(address);
    const guesses = Array.from({ length: 50 }, (_, i) =>
      String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'),
    );

    const results = await Promise.allSettled(
      guesses.map((g) => verifyOtp({ email: address, code: g, ip: ip(), channel: 'email' })),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(0);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).code : 'ok'));
    expect(codes.filter((c) => c === 'otp.invalid').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'otp.locked').length).toBeGreaterThanOrEqual(45);
    expect((await challenge(address))?.attempts).toBe(5);
    expect((await errorOf(verifyOtp({ email: address, code, ip: ip(), channel: 'email' })))?.code).toBe(
      'otp.locked',
    );
  }, 120_000);

  it('It should redeem one right code exactly once among 50 parallel verifications', async () => {
    const address = email();
    await requestOtp({ email: address, ip: ip(), channel: 'email' });
    const code = await lastCode(address);

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => verifyOtp({ email: address, code, ip: ip(), channel: 'email' })),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as AppError).code).toBe('otp.invalid');
  }, 120_000);

  it('It should reset the window 15 minutes after it began: attempts and lock clear, a new code works', async () => {
    // Arrange: lock the email
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const code = await lastCode(address);
    for (let i = 1; i <= 5; i++)
      await errorOf(
        verifyOtp({ email: address, code: wrong(code), ip: ip(), channel: 'email', now: at(t0, i) }),
      );
    // Act: one second before and one second after the window ends
    const before = await errorOf(
      requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 899) }),
    );
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 901) });
    const fresh = await lastCode(address);
    // Assert
    expect(before?.code).toBe('otp.locked');
    expect((await challenge(address))?.attempts).toBe(0);
    await expect(
      verifyOtp({ email: address, code: fresh, ip: ip(), channel: 'email', now: at(t0, 902) }),
    ).resolves.toHaveProperty('user.email', address);
  });

  it('It should reset an ended window on the verify path too, keeping a code that is still valid', async () => {
    // A code requested late in a window outlives it; the reset must not cost the user that code.
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const first = await lastCode(address);
    for (let i = 1; i <= 4; i++)
      await errorOf(
        verifyOtp({ email: address, code: wrong(first), ip: ip(), channel: 'email', now: at(t0, i) }),
      );
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 840) });
    const late = await lastCode(address);

    await errorOf(
      verifyOtp({ email: address, code: wrong(late), ip: ip(), channel: 'email', now: at(t0, 905) }),
    );

    expect((await challenge(address))?.attempts).toBe(1);
    await expect(
      verifyOtp({ email: address, code: late, ip: ip(), channel: 'email', now: at(t0, 906) }),
    ).resolves.toHaveProperty('user');
  });

  it('It should answer 503 with Retry-After when SES fails, count the request, and leave no usable code', async () => {
    // Arrange
    const address = email();
    const t0 = Date.now();
    setEmailTransport(async () => Promise.reject(new Error('SES is down')));
    // Act
    const failed = await errorOf(
      requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) }),
    );
    setEmailTransport(undefined);
    const retried = await errorOf(requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 2) }));
    // Assert
    expect(failed?.code).toBe('dependency.unavailable');
    expect(failed?.status).toBe(503);
    expect(failed?.retryAfter).toBe(11);
    expect(retried?.code).toBe('otp.throttled');
    const item = await challenge(address);
    expect(item?.codeHash).toBeUndefined();
    expect(item?.attempts).toBe(0);
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 12) });
    await expect(
      verifyOtp({
        email: address,
        code: await lastCode(address),
        ip: ip(),
        channel: 'email',
        now: at(t0, 13),
      }),
    ).resolves.toHaveProperty('user');
  });

  it('It should make the addresses of ADMIN_EMAILS admins on sign-in', async () => {
    const address = email();
    await requestOtp({ email: address, ip: ip(), channel: 'email' });
    const { user } = await verifyOtp({
      email: address,
      code: await lastCode(address),
      ip: ip(),
      channel: 'email',
      policy: { adminEmails: [address] },
    });
    expect(user.role).toBe('admin');
    expect((await getUserByEmail(address))?.role).toBe('admin');
  });

  it('It should refuse a blocked user after the right code', async () => {
    const address = email();
    await requestOtp({ email: address, ip: ip(), channel: 'email' });
    const { user } = await verifyOtp({
      email: address,
      code: await lastCode(address),
      ip: ip(),
      channel: 'email',
    });
    await updateUser(user.userId, { blocked: true });
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(Date.now() + 12_000) });

    const err = await errorOf(
      verifyOtp({
        email: address,
        code: await lastCode(address),
        ip: ip(),
        channel: 'email',
        now: new Date(Date.now() + 13_000),
      }),
    );

    expect(err?.code).toBe('auth.userBlocked');
    expect(err?.status).toBe(403);
  });

  it('It should let an admin unlock a locked email, after which a new code works', async () => {
    // Arrange
    const address = email();
    const t0 = Date.now();
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: new Date(t0) });
    const code = await lastCode(address);
    for (let i = 1; i <= 5; i++)
      await errorOf(
        verifyOtp({ email: address, code: wrong(code), ip: ip(), channel: 'email', now: at(t0, i) }),
      );
    // Act
    const before = await unlockOtp(address, at(t0, 6));
    await requestOtp({ email: address, ip: ip(), channel: 'email', now: at(t0, 7) });
    // Assert
    expect(before).toEqual({ attempts: 5, locked: true });
    expect(await unlockOtp(email())).toBeUndefined();
    await expect(
      verifyOtp({
        email: address,
        code: await lastCode(address),
        ip: ip(),
        channel: 'email',
        now: at(t0, 8),
      }),
    ).resolves.toHaveProperty('user');
  });

  it('It should cap verification attempts per IP across emails', async () => {
    const from = ip();
    const t0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1000;
    const policy = { ipVerificationsPerHour: 2 };
    for (let i = 0; i < 2; i++)
      await errorOf(
        verifyOtp({ email: email(), code: '000000', ip: from, channel: 'email', now: at(t0, i), policy }),
      );
    const capped = await errorOf(
      verifyOtp({ email: email(), code: '000000', ip: from, channel: 'email', now: at(t0, 3), policy }),
    );
    expect(capped?.code).toBe('rateLimit.exceeded');
  });
});
