import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { bearer, latestCode, randomEmail, signIn } from '../../../../test/support/auth';

const AUTH = process.env.AUTH_URL as string;
const USER_API = process.env.USER_API_URL as string;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${AUTH}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

// Each step is an HTTP call to a Lambda that serverless-offline may be loading for the first time.
jest.setTimeout(30_000);

describe('auth-otp over HTTP (the offline stack)', () => {
  it('It should run the README flow: request, read the code, verify, call user-api, refresh, log out, and deny the old tokens', async () => {
    // Arrange
    const email = randomEmail();
    // Act + Assert, step by step as a person with curl would
    const requested = await post('/auth/otp/request', { email });
    expect(requested.status).toBe(202);

    const code = await latestCode(email);
    const verified = await post('/auth/otp/verify', { email, code }, { 'user-agent': 'curl/8.5.0' });
    expect(verified.status).toBe(200);
    expect(verified.headers.get('cache-control')).toBe('no-store');
    const pair = (await verified.json()) as TokenPair;
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });

    const me = await fetch(`${USER_API}/me`, { headers: bearer(pair) });
    expect(me.status).toBe(200);

    const refreshed = await post('/auth/token/refresh', { refreshToken: pair.refreshToken });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as TokenPair;
    expect(next.refreshToken).not.toBe(pair.refreshToken);
    expect((await fetch(`${USER_API}/me`, { headers: bearer(next) })).status).toBe(200);

    const logout = await post('/auth/logout', {}, bearer(next));
    expect(logout.status).toBe(204);

    expect((await fetch(`${USER_API}/me`, { headers: bearer(next) })).status).toBe(401);
    expect((await fetch(`${USER_API}/me`, { headers: bearer(pair) })).status).toBe(401);
    expect((await post('/auth/token/refresh', { refreshToken: next.refreshToken })).status).toBe(401);
  });

  it('It should answer 202 for an unknown address and 400 naming the field for a malformed one', async () => {
    expect((await post('/auth/otp/request', { email: randomEmail('nobody') })).status).toBe(202);
    const bad = await post('/auth/otp/request', { email: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await bad.json())).toContain('body.email');
  });

  it('It should answer a wrong and a never-requested code with the same 401 problem', async () => {
    const email = randomEmail();
    await post('/auth/otp/request', { email });
    const code = await latestCode(email);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const wrong = await post('/auth/otp/verify', { email, code: wrongCode });
    const never = await post('/auth/otp/verify', { email: randomEmail(), code: '123456' });

    expect(wrong.status).toBe(401);
    expect(never.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, correlationId: undefined });
    expect(strip((await wrong.json()) as Record<string, unknown>)).toEqual(
      strip((await never.json()) as Record<string, unknown>),
    );
  });

  it('It should throttle a second code request within 11 s with 429 and Retry-After', async () => {
    const email = randomEmail();
    expect((await post('/auth/otp/request', { email })).status).toBe(202);
    const again = await post('/auth/otp/request', { email });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(11);
  });

  it('It should list the caller’s sessions and revoke another one of them', async () => {
    const email = randomEmail();
    const laptop = await signIn(email, { userAgent: 'laptop' });
    await new Promise((r) => setTimeout(r, 11_100));
    const phone = await signIn(email, { userAgent: 'phone' });

    const listed = await fetch(`${AUTH}/auth/sessions`, { headers: bearer(phone) });
    const { sessions } = (await listed.json()) as {
      sessions: { sessionId: string; userAgent: string; current: boolean; channel: string }[];
    };
    const laptopSession = sessions.find((s) => s.userAgent === 'laptop');
    const revoked = await fetch(`${AUTH}/auth/sessions/${laptopSession?.sessionId}`, {
      method: 'DELETE',
      headers: bearer(phone),
    });
    const stranger = await signIn();
    const foreign = await fetch(`${AUTH}/auth/sessions/${sessions[0]?.sessionId}`, {
      method: 'DELETE',
      headers: bearer(stranger),
    });

    expect(listed.status).toBe(200);
    expect(sessions.map((s) => [s.userAgent, s.current, s.channel])).toEqual([
      ['phone', true, 'email'],
      ['laptop', false, 'email'],
    ]);
    expect(revoked.status).toBe(204);
    expect(foreign.status).toBe(404);
    expect((await post('/auth/token/refresh', { refreshToken: laptop.refreshToken })).status).toBe(401);
    expect((await fetch(`${USER_API}/me`, { headers: bearer(laptop) })).status).toBe(401);
    expect((await fetch(`${USER_API}/me`, { headers: bearer(phone) })).status).toBe(200);
  }, 45_000);

  it('It should refuse the sessions routes without a token', async () => {
    expect((await fetch(`${AUTH}/auth/sessions`)).status).toBe(401);
    expect((await post('/auth/logout', {})).status).toBe(401);
  });

  it('It should publish the public signing keys, including the kid of issued tokens, without private parts', async () => {
    const { accessToken } = await signIn();
    const res = await fetch(`${AUTH}/.well-known/jwks.json`);
    const jwks = (await res.json()) as { keys: Record<string, string>[] };
    const kid = JSON.parse(Buffer.from(accessToken.split('.')[0] ?? '', 'base64url').toString()).kid;

    expect(res.status).toBe(200);
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(k).not.toHaveProperty('d');
    }
  });

  it('It should sign in an ADMIN_EMAILS address with role admin', async () => {
    const adminEmail = (process.env.ADMIN_EMAILS ?? '').split(',')[0]?.trim() as string;
    const { accessToken } = await signIn(adminEmail);
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.role).toBe('admin');
  });

  it('It should leave no code, refresh token or access token in clear in the table during and after a full flow', async () => {
    // Arrange: a full flow, keeping every secret the client saw, dumping the table while the code is live
    const email = randomEmail('dump');
    await post('/auth/otp/request', { email });
    const code = await latestCode(email);
    const duringDump = await dumpTable();
    const first = (await (await post('/auth/otp/verify', { email, code })).json()) as TokenPair;
    const second = (await (
      await post('/auth/token/refresh', { refreshToken: first.refreshToken })
    ).json()) as TokenPair;
    await post('/auth/logout', {}, bearer(second));
    const secrets = [first, second].flatMap((p) => [
      p.refreshToken,
      p.refreshToken.split('.')[1] as string,
      p.accessToken,
      p.accessToken.split('.')[2] as string,
    ]);
    // Act
    const afterDump = await dumpTable();
    // Assert
    const challenge = duringDump.find((i) => i.pk === `OTP#${email}`);
    expect(challenge).toBeDefined();
    expect(JSON.stringify(challenge)).not.toMatch(new RegExp(`(^|[^0-9])${code}([^0-9]|$)`));
    const after = JSON.stringify(afterDump, (_k, v) => (v instanceof Set ? [...v] : v));
    expect(after).toContain(email);
    for (const secret of secrets) expect(after).not.toContain(secret);
  });
});

async function dumpTable(): Promise<Record<string, unknown>[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const items: Record<string, unknown>[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: process.env.TABLE_NAME,
        ...(cursor ? { ExclusiveStartKey: cursor } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    cursor = out.LastEvaluatedKey;
  } while (cursor);
  return items;
}
