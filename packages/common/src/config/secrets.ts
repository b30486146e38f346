import { ConfigError } from '../errors/index';

/**
 * Secrets (App Secret, Page token, OTP pepper, signing keys) are read on first use and cached.
 *
 * Deployed: the variable `<NAME>_PARAM` holds an SSM parameter name; the SecureString is
 * fetched with decryption and cached for `maxAgeSeconds` so a rotated secret is picked up without
 * a redeploy. Local: the variable `<NAME>` holds the development value itself.
 *
 * Hand-written rather than Powertools Parameters' `getParameter`: this keeps the SSM client out of
 * local bundles' hot path, and the only feature needed is a TTL cache (10 lines).
 */
const cache = new Map<string, { value: string; expiresAt: number }>();

export async function secret(name: string, maxAgeSeconds = 300): Promise<string> {
  const hit = cache.get(name);
  if (hit && hit.expiresAt > Date.now()) return hit.value;
  const paramName = process.env[`${name}_PARAM`];
  let value: string | undefined;
  if (paramName) {
    const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
    const ssm = new SSMClient({});
    const out = await ssm.send(new GetParameterCommand({ Name: paramName, WithDecryption: true }));
    value = out.Parameter?.Value;
  } else {
    value = process.env[name];
  }
  if (!value)
    throw new ConfigError([`${name}: missing (set ${name} locally or ${name}_PARAM when deployed)`]);
  cache.set(name, { value, expiresAt: Date.now() + maxAgeSeconds * 1000 });
  return value;
}

/** Forgets cached secrets (tests, rotation drills). */
export function clearSecretCache(): void {
  cache.clear();
}
