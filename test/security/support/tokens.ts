/**
 * Forged and otherwise bad access tokens for the authorization matrix, made with jose the way an
 * attacker (or a bug) would: each differs from a genuine token in exactly one property.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Header and claims of a genuine token (decoded, not verified: the server just issued it). */
export function decode(jwt: string): {
  header: Record<string, unknown>;
  claims: JWTPayload & Record<string, unknown>;
} {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h ?? '', 'base64url').toString('utf8')),
    claims: JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8')),
  };
}

/** The stack's real signing key (the dev key set every local process shares). */
async function realKey() {
  const raw = process.env.JWT_PRIVATE_JWKS;
  if (!raw) throw new Error('JWT_PRIVATE_JWKS is not set: run the tests through scripts/test.mjs');
  const set = JSON.parse(raw) as { keys: (Record<string, unknown> & { kid: string })[]; signingKid?: string };
  const jwk = set.keys.find((k) => k.kid === (set.signingKid ?? set.keys[0]?.kid)) ?? set.keys[0];
  if (!jwk) throw new Error('JWT_PRIVATE_JWKS has no key');
  return { kid: jwk.kid, key: await importJWK({ ...jwk, alg: 'ES256' }, 'ES256') };
}

async function sign(
  claims: JWTPayload,
  header: Record<string, unknown>,
  key: Awaited<ReturnType<typeof realKey>>['key'],
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', ...header }).sign(key);
}

/** The genuine token re-signed with the real key after `change` (what only a key holder could do). */
export async function resignedWithRealKey(
  genuine: string,
  change: (claims: JWTPayload & Record<string, unknown>) => JWTPayload,
): Promise<string> {
  const { header, claims } = decode(genuine);
  const { kid, key } = await realKey();
  return sign(change(claims), { ...header, kid }, key);
}

/** Exactly the genuine claims and header (same `kid`), signed by a key the server never issued. */
export async function signedByAnotherKey(genuine: string): Promise<string> {
  const { header, claims } = decode(genuine);
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  await exportJWK(privateKey);
  return sign(claims, header, privateKey);
}

/** The genuine claims with `alg: none` and no signature (RFC 7519 §6 unsecured JWT). */
export function unsecured(genuine: string): string {
  const { header, claims } = decode(genuine);
  return `${b64({ ...header, alg: 'none' })}.${b64(claims)}.`;
}

/** The genuine token signed with HS256 using the public JWK as the secret (key confusion). */
export async function hmacWithPublicKey(genuine: string): Promise<string> {
  const { header, claims } = decode(genuine);
  const res = await fetch(`${process.env.AUTH_URL}/.well-known/jwks.json`);
  const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
  const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0] ?? {}));
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'HS256' }).sign(secret);
}

/** Garbage shaped like a bearer credential. */
export const garbageToken = () => `${randomUUID()}.${randomUUID()}.${randomUUID()}`;
