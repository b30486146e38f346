// Checks shared by the deployed and the local doctor.
import { fail, guarded, pass } from './report.mjs';

/** The authorizers verify access tokens with the keys published here (docs/auth.md). */
export function jwksCheck(
  url,
  {
    fix = 'Deploy auth-otp (it publishes /.well-known/jwks.json and writes its api-url to SSM), then the APIs.',
    anchor = 'deploy',
  } = {},
) {
  const id = 'auth.jwks';
  const title = "The authorizers' JWKS URL answers with keys";
  return guarded(id, title, anchor, fix, async () => {
    if (!url) return fail(id, title, 'the auth-otp API URL is unknown', fix, anchor);
    const res = await fetch(url, { signal: AbortSignal.timeout(10000) });
    const body = await res.json().catch(() => ({}));
    const keys = Array.isArray(body.keys) ? body.keys : [];
    if (res.status !== 200 || !keys.length)
      return fail(id, title, `GET ${url} answered ${res.status} with ${keys.length} key(s)`, fix, anchor);
    if (keys.some((k) => 'd' in k))
      return fail(
        id,
        title,
        `GET ${url} publishes a PRIVATE key`,
        'Rotate the signing key at once (docs/operations.md "Rotate secrets").',
        'deploy',
      );
    return pass(id, title, `${url}: ${keys.length} key(s) (${keys.map((k) => k.kid).join(', ')})`);
  });
}
