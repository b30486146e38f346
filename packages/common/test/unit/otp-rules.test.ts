import { bearerToken, policy, wholeApiArn } from '../../src/auth/index';
import { generateCode, otpEmail, windowOpen } from '../../src/otp/index';
import { isSessionActive, type Session } from '../../src/sessions/index';

describe('the pure sign-in rules', () => {
  it('It should generate 6-digit codes, zero-padded, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(codes.some((c) => c.startsWith('0'))).toBe(true);
  });

  it('It should keep the sign-in window open for exactly 15 minutes after it began', () => {
    const start = 1_000_000;
    expect(windowOpen(start, start + 899_999, { windowSeconds: 900 })).toBe(true);
    expect(windowOpen(start, start + 900_000, { windowSeconds: 900 })).toBe(false);
  });

  it('It should put the code in the subject, text and HTML of the email, and say how long it lasts', () => {
    const mail = otpEmail('012345', 'email', 300);
    expect(mail.subject).toContain('012345');
    expect(mail.text).toContain('012345');
    expect(mail.text).toContain('5 minutes');
    expect(mail.html).toContain('012345');
    expect(otpEmail('012345', 'messenger', 300).text).toContain('Messenger');
  });

  it('It should read a Bearer token whatever the scheme case, and nothing else', () => {
    expect(bearerToken('Bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('bearer a.b.c')).toBe('a.b.c');
    expect(bearerToken('Basic a.b.c')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('It should widen the policy resource to every method and path of the API stage', () => {
    expect(wholeApiArn('arn:aws:execute-api:eu-west-1:123:api1/prod/GET/me/appointments')).toBe(
      'arn:aws:execute-api:eu-west-1:123:api1/prod/*',
    );
    expect(policy('u', 'Deny', 'arn:x/*').context).toBeUndefined();
  });

  it('It should treat a session as active only before its idle and absolute expiry and while not revoked', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const t = now.getTime() / 1000;
    const s: Session = {
      type: 'session',
      sessionId: 's',
      userId: 'u',
      channel: 'email',
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      idleExpiresAt: t + 10,
      absoluteExpiresAt: t + 20,
    };
    expect(isSessionActive(s, now)).toBe(true);
    expect(isSessionActive({ ...s, idleExpiresAt: t }, now)).toBe(false);
    expect(isSessionActive({ ...s, absoluteExpiresAt: t }, now)).toBe(false);
    expect(isSessionActive({ ...s, revokedAt: now.toISOString() }, now)).toBe(false);
  });
});
