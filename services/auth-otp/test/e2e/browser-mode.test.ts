import { latestCode, randomEmail } from '../../../../test/support/auth';

/**
 * Browser mode of auth-otp over HTTP (serverless-offline): `"mode": "cookie"` puts the refresh token
 * in an HttpOnly cookie on the refresh path instead of the body, the cookie routes accept only the
 * site's Origin, and logout clears the cookie. JSON mode is unchanged.
 */
const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through scripts/test.mjs`);
  return v;
};
const AUTH = () => env('AUTH_URL');
const SITE = () => env('SITE_ORIGIN').split(',')[0]?.trim() ?? '';
const COOKIE = '__Secure-bookingbot-refresh';

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${AUTH()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function requestCode(email: string) {
  const r = await post('/auth/otp/request', { email });
  expect(r.status).toBe(202);
  return latestCode(email);
}

/** The refresh token carried by a Set-Cookie of the response, and its attributes. */
function cookieOf(res: Response) {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  if (!header) return undefined;
  const [pair = '', ...attrs] = header.split(';').map((s) => s.trim());
  return { value: pair.slice(COOKIE.length + 1), attrs };
}

async function browserSignIn(email = randomEmail('browser')) {
  const code = await requestCode(email);
  const res = await post('/auth/otp/verify', { email, code, mode: 'cookie' }, { origin: SITE() });
  expect(res.status).toBe(200);
  const cookie = cookieOf(res);
  if (!cookie) throw new Error('no refresh cookie');
  return { body: (await res.json()) as Record<string, unknown>, cookie };
}

describe('auth-otp browser mode (refresh token as an HttpOnly cookie)', () => {
  it('It should set the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on the refresh path, not in the body', async () => {
    // Act
    const { body, cookie } = await browserSignIn();

    // Assert
    expect(body).toEqual(
      expect.objectContaining({ tokenType: 'Bearer', expiresIn: 900, accessToken: expect.any(String) }),
    );
    expect(body).not.toHaveProperty('refreshToken');
    expect(cookie.value).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(cookie.attrs).toEqual(
      expect.arrayContaining(['Path=/auth/token/refresh', 'HttpOnly', 'Secure', 'SameSite=Strict']),
    );
    const maxAge = Number(cookie.attrs.find((a) => a.startsWith('Max-Age='))?.slice(8));
    expect(maxAge).toBeGreaterThan(6 * 24 * 3600);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
  }, 180_000);

  it('It should rotate the cookie on refresh and refuse the same cookie from another origin or none', async () => {
    // Arrange
    const { cookie } = await browserSignIn();
    const cookieHeader = { cookie: `${COOKIE}=${cookie.value}` };

    // Act: a foreign origin, then no origin, then the site
    const foreign = await post(
      '/auth/token/refresh',
      { mode: 'cookie' },
      { ...cookieHeader, origin: 'https://evil.example' },
    );
    const none = await post('/auth/token/refresh', { mode: 'cookie' }, cookieHeader);
    const ok = await post('/auth/token/refresh', { mode: 'cookie' }, { ...cookieHeader, origin: SITE() });

    // Assert: both refusals are 403 problem+json and changed nothing (the cookie still rotates once)
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await foreign.json()) as { detail: string }).detail).toMatch(/Origin/);
    expect(none.status).toBe(403);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('refreshToken');
    const next = cookieOf(ok);
    expect(next?.value).toBeDefined();
    expect(next?.value).not.toBe(cookie.value);
  }, 180_000);

  it('It should answer 401 to a cookie-mode refresh without the cookie', async () => {
    const res = await post('/auth/token/refresh', { mode: 'cookie' }, { origin: SITE() });
    expect(res.status).toBe(401);
  });

  it('It should refuse a cookie-mode sign-in from a foreign origin without spending the code', async () => {
    // Arrange
    const email = randomEmail('browser');
    const code = await requestCode(email);

    // Act
    const foreign = await post(
      '/auth/otp/verify',
      { email, code, mode: 'cookie' },
      { origin: 'https://evil.example' },
    );
    const site = await post('/auth/otp/verify', { email, code, mode: 'cookie' }, { origin: SITE() });

    // Assert
    expect(foreign.status).toBe(403);
    expect(cookieOf(foreign)).toBeUndefined();
    expect(site.status).toBe(200);
  }, 180_000);

  it('It should clear the cookie on logout, after which the old cookie is refused', async () => {
    // Arrange
    const { body, cookie } = await browserSignIn();

    // Act
    const out = await post(
      '/auth/logout',
      { mode: 'cookie' },
      {
        authorization: `Bearer ${body.accessToken as string}`,
        origin: SITE(),
      },
    );
    const again = await post(
      '/auth/token/refresh',
      { mode: 'cookie' },
      {
        cookie: `${COOKIE}=${cookie.value}`,
        origin: SITE(),
      },
    );

    // Assert
    expect(out.status).toBe(204);
    const cleared = cookieOf(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.attrs).toEqual(expect.arrayContaining(['Path=/auth/token/refresh', 'Max-Age=0']));
    expect(again.status).toBe(401);
  }, 180_000);

  it('It should keep JSON mode for API clients: the refresh token in the body, no cookie', async () => {
    // Arrange
    const email = randomEmail('json');
    const code = await requestCode(email);

    // Act
    const res = await post('/auth/otp/verify', { email, code });

    // Assert
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toBeUndefined();
    const pair = (await res.json()) as { refreshToken: string };
    const refreshed = await post('/auth/token/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(cookieOf(refreshed)).toBeUndefined();
  }, 180_000);
});
