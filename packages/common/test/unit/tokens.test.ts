import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { clearSecretCache } from '../../src/config/index';
import { ConfigError, UnauthorizedError } from '../../src/errors/index';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  publicJwks,
  resetTokenCaches,
  safeEqual,
  signAccessToken,
  verifyAccessToken,
} from '../../src/tokens/index';

const privateJwk = (kid: string) => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
  kid,
});

function useKeys(set: unknown) {
  process.env.JWT_PRIVATE_JWKS = JSON.stringify(set);
  clearSecretCache();
  resetTokenCaches();
}

const claims = { sub: 'user-1', sid: '6c1b1e9e-0f59-4d5e-9a43-111111111111', role: 'user' as const };

describe('access tokens', () => {
  beforeEach(() => useKeys({ keys: [privateJwk('k1')] }));

  it('It should sign an ES256 at+jwt with kid, iss, aud, sub, sid, role, iat and a 15-minute exp', async () => {
    // Arrange
    const now = new Date('2026-01-01T00:00:00Z');
    // Act
    const { token, expiresIn } = await signAccessToken(claims, now);
    // Assert
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' });
    expect(payload).toEqual({
      iss: 'urn:bookingbot:local:auth',
      aud: 'urn:bookingbot:local:api',
      sub: 'user-1',
      sid: claims.sid,
      role: 'user',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + ACCESS_TOKEN_TTL_SECONDS,
    });
    expect(expiresIn).toBe(900);
    await expect(verifyAccessToken(token, now)).resolves.toMatchObject({ ...claims, kid: 'k1' });
  });

  it('It should reject an expired token', async () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const { token } = await signAccessToken(claims, issued);
    const later = new Date(issued.getTime() + (ACCESS_TOKEN_TTL_SECONDS + 31) * 1000);
    await expect(verifyAccessToken(token, later)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('It should reject alg none, a tampered payload and a token signed by an unknown key', async () => {
    const unsecured = new UnsecuredJWT({ sid: claims.sid, role: 'admin' })
      .setIssuer('urn:bookingbot:local:auth')
      .setAudience('urn:bookingbot:local:api')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    const { token } = await signAccessToken(claims);
    const [h, , s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const foreign = await new SignJWT({ sid: claims.sid, role: 'user' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
      .setIssuer('urn:bookingbot:local:auth')
      .setAudience('urn:bookingbot:local:api')
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

    for (const bad of [unsecured, `${h}.${forgedPayload}.${s}`, foreign, 'garbage', '']) {
      await expect(verifyAccessToken(bad)).rejects.toBeInstanceOf(UnauthorizedError);
    }
  });

  it('It should reject a token whose typ is not at+jwt or whose audience is another API', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k2' };
    useKeys({ keys: [jwk] });
    const base = () =>
      new SignJWT({ sid: claims.sid, role: 'user' })
        .setIssuer('urn:bookingbot:local:auth')
        .setSubject('user-1')
        .setIssuedAt()
        .setExpirationTime('10m');
    const idToken = await base()
      .setAudience('urn:bookingbot:local:api')
      .setProtectedHeader({ alg: 'ES256', kid: 'k2', typ: 'JWT' })
      .sign(privateKey);
    const otherAud = await base()
      .setAudience('urn:other')
      .setProtectedHeader({ alg: 'ES256', kid: 'k2', typ: 'at+jwt' })
      .sign(privateKey);
    await expect(verifyAccessToken(idToken)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(verifyAccessToken(otherAud)).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('It should publish the next key before it signs, and verify tokens of both keys after the switch', async () => {
    // Arrange: k1 signs, k2 is published ahead of time
    const k1 = privateJwk('k1');
    const k2 = privateJwk('k2');
    useKeys({ keys: [k1, k2], signingKid: 'k1' });
    const before = await signAccessToken(claims);
    const published = await publicJwks();
    // Act: rotate
    useKeys({ keys: [k1, k2], signingKid: 'k2' });
    const after = await signAccessToken(claims);
    // Assert
    expect(published.keys.map((k) => k.kid)).toEqual(['k1', 'k2']);
    for (const k of published.keys) expect(k).not.toHaveProperty('d');
    expect((await verifyAccessToken(before.token)).kid).toBe('k1');
    expect((await verifyAccessToken(after.token)).kid).toBe('k2');
  });

  it('It should refuse a malformed key set with an error naming the secret and not its content', async () => {
    useKeys({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] });
    const err = await signAccessToken(claims).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String(err)).toContain('JWT_PRIVATE_JWKS');
    expect(String(err)).not.toContain('c2VjcmV0');
  });

  it('It should compare strings in constant time and tell equal from different', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
