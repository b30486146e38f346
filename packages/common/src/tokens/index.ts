import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from 'jose';
import { loadConfig, secret } from '../config';
import { ConfigError, UnauthorizedError } from '../errors';
import type { Role } from '../middleware';
import * as z from '../schema/index';

/**
 * Access tokens (RFC 9068 profile, RFC 8725 practices): ES256 JWTs with `kid`, `typ: at+jwt`,
 * claims `iss`, `aud`, `sub` (user id), `sid` (session id), `role`, `iat`, `exp` (15 min).
 *
 * Keys: the secret `JWT_PRIVATE_JWKS` is a JSON Web Key Set of private EC P-256 keys plus an
 * optional `signingKid`. Every key in the set is published (`publicJwks`) and accepted when
 * verifying; only `signingKid` (default: the first key) signs. Rotation: add the next key (it is
 * published, caches pick it up), later point `signingKid` at it, and drop the old key once the
 * last token it signed has expired (15 min). Verifiers that must not hold private keys (the
 * authorizers of the API stacks when deployed) set `JWT_JWKS_URL` to the auth service's
 * `/.well-known/jwks.json` instead.
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const ACCESS_TOKEN_TYP = 'at+jwt';
const ALG = 'ES256';

const tokenShape = {
  STAGE: z._default(z.string(), 'local'),
  /** @default `urn:bookingbot:<stage>:auth` */
  JWT_ISSUER: z.optional(z.string()),
  /** @default `urn:bookingbot:<stage>:api` */
  JWT_AUDIENCE: z.optional(z.string()),
  /** Remote JWKS for verifiers without the private key set (deployed authorizers). */
  JWT_JWKS_URL: z.optional(z.url()),
};

export interface TokenSettings {
  issuer: string;
  audience: string;
  jwksUrl: string | undefined;
}

let settings: TokenSettings | undefined;
/** Issuer/audience of this stage (read once). */
export function tokenSettings(): TokenSettings {
  if (!settings) {
    const cfg = loadConfig(tokenShape);
    settings = {
      issuer: cfg.JWT_ISSUER ?? `urn:bookingbot:${cfg.STAGE}:auth`,
      audience: cfg.JWT_AUDIENCE ?? `urn:bookingbot:${cfg.STAGE}:api`,
      jwksUrl: cfg.JWT_JWKS_URL,
    };
  }
  return settings;
}

const privateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string(),
  y: z.string(),
  d: z.string(),
  kid: z.string().check(z.minLength(1)),
});
const keySetSchema = z.object({
  keys: z.array(privateJwkSchema).check(z.minLength(1)),
  signingKid: z.optional(z.string()),
});

interface KeyRing {
  raw: string;
  signing: { kid: string; key: Awaited<ReturnType<typeof importJWK>> };
  publicSet: JSONWebKeySet;
  verifier: JWTVerifyGetKey;
}

let ring: KeyRing | undefined;

/** Parses the private key set; the error names the secret, never its content. */
export async function keyRingFrom(raw: string): Promise<KeyRing> {
  let parsed: z.infer<typeof keySetSchema>;
  try {
    parsed = keySetSchema.parse(JSON.parse(raw));
  } catch {
    throw new ConfigError(['JWT_PRIVATE_JWKS: not a JSON Web Key Set of EC P-256 private keys']);
  }
  const signingKid = parsed.signingKid ?? parsed.keys[0]?.kid;
  const signingJwk = parsed.keys.find((k) => k.kid === signingKid);
  if (!signingJwk) throw new ConfigError([`JWT_PRIVATE_JWKS: signingKid ${signingKid} is not in the set`]);
  const publicSet: JSONWebKeySet = {
    keys: parsed.keys.map(({ kty, crv, x, y, kid }): JWK => ({ kty, crv, x, y, kid, alg: ALG, use: 'sig' })),
  };
  return {
    raw,
    signing: { kid: signingJwk.kid, key: await importJWK({ ...signingJwk, alg: ALG }, ALG) },
    publicSet,
    verifier: createLocalJWKSet(publicSet),
  };
}

async function keyRing(): Promise<KeyRing> {
  // secret() caches for 5 minutes; re-import only when the value changed (rotation).
  const raw = await secret('JWT_PRIVATE_JWKS');
  if (!ring || ring.raw !== raw) ring = await keyRingFrom(raw);
  return ring;
}

let remote: JWTVerifyGetKey | undefined;
async function verificationKeys(): Promise<JWTVerifyGetKey> {
  const { jwksUrl } = tokenSettings();
  if (jwksUrl) {
    // jose caches the set and refetches on an unknown kid (at most every 30 s).
    remote ??= createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60 * 1000 });
    return remote;
  }
  return (await keyRing()).verifier;
}

/** The public signing keys, as served at `/.well-known/jwks.json`. */
export async function publicJwks(): Promise<JSONWebKeySet> {
  return (await keyRing()).publicSet;
}

export interface AccessClaims {
  sub: string;
  sid: string;
  role: Role;
}

export interface VerifiedAccessToken extends AccessClaims {
  iat: number;
  exp: number;
  kid: string;
}

/** Signs an access token for a session. `now` is injectable for tests. @default ttl 900 s */
export async function signAccessToken(
  claims: AccessClaims,
  now: Date = new Date(),
): Promise<{ token: string; expiresIn: number }> {
  const { signing } = await keyRing();
  const { issuer, audience } = tokenSettings();
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ sid: claims.sid, role: claims.role })
    .setProtectedHeader({ alg: ALG, kid: signing.kid, typ: ACCESS_TOKEN_TYP })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signing.key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

const claimsSchema = z.object({
  sub: z.string().check(z.minLength(1)),
  sid: z.string().check(z.minLength(1)),
  role: z.enum(['user', 'admin']),
  iat: z.number(),
  exp: z.number(),
});

/**
 * Verifies an access token: algorithm pinned to ES256 (so `none` and HS256-with-the-public-key
 * are refused), `typ` must be `at+jwt`, `iss`/`aud`/`exp` checked (30 s clock tolerance).
 * Any failure is an `auth.unauthorized` error that does not say which check failed.
 */
export async function verifyAccessToken(token: string, now: Date = new Date()): Promise<VerifiedAccessToken> {
  const { issuer, audience } = tokenSettings();
  try {
    const { payload, protectedHeader } = await jwtVerify(token, await verificationKeys(), {
      algorithms: [ALG],
      issuer,
      audience,
      typ: ACCESS_TOKEN_TYP,
      requiredClaims: ['sub', 'sid', 'role', 'iat', 'exp'],
      clockTolerance: 30,
      currentDate: now,
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new UnauthorizedError('Invalid or expired access token');
    return { ...claims.data, kid: protectedHeader.kid ?? '' };
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnauthorizedError) throw err;
    if (err instanceof joseErrors.JOSEError || err instanceof TypeError) {
      throw new UnauthorizedError('Invalid or expired access token');
    }
    throw err;
  }
}

/** 256 random bits, base64url (refresh tokens, session secrets). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy token, base64url: what the table stores instead of the token. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** HMAC-SHA256 with a secret key (pepper), base64url. */
export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/** Constant-time comparison of two strings (false when lengths differ, without early exit on content). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** Forgets cached keys and settings (tests, rotation drills). */
export function resetTokenCaches(): void {
  ring = undefined;
  remote = undefined;
  settings = undefined;
}
