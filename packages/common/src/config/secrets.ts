import { AwsClient } from 'aws4fetch';
import { ConfigError } from '../errors/index';

/**
 * Secrets (App Secret, Page token, OTP pepper, signing keys) are read on first use and cached.
 *
 * Deployed: the variable `<NAME>_PARAM` holds an SSM parameter name; the SecureString is
 * fetched with decryption and cached for `maxAgeSeconds` so a rotated secret is picked up without
 * a redeploy. Local: the variable `<NAME>` holds the development value itself.
 *
 * Why one signed `fetch` (aws4fetch, ~10 KB) instead of `@aws-sdk/client-ssm`: the SSM client put
 * ~240 KB into every bundle that reads a secret and was parsed and evaluated at every cold start,
 * although it is used once per 5 minutes at most. A lazy `import()` chunk would need esbuild
 * `splitting`, which serverless-esbuild (one build per entry, zip of the entry file) does not
 * package; the Parameters and Secrets Lambda extension would add a layer, a localhost port and a
 * second cache to every function. `GetParameter` is one JSON POST (`X-Amz-Target:
 * AmazonSSM.GetParameter`), signed with the execution role's credentials, which Lambda puts in
 * the environment. Powertools Parameters is not used for the same reason (it wraps the SDK client).
 */
const cache = new Map<string, { value: string; expiresAt: number }>();

let ssm: { client: AwsClient; url: string } | undefined;

/** The signed SSM client of this process, built on first use from the environment's credentials. */
function ssmClient(): { client: AwsClient; url: string } | undefined {
  if (ssm) return ssm;
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) return undefined;
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  ssm = {
    client: new AwsClient({
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      sessionToken: AWS_SESSION_TOKEN,
      service: 'ssm',
      region,
      // Same budget as the SDK's standard retry mode: 3 attempts, backoff on 5xx/throttling.
      retries: 2,
    }),
    // SSM_ENDPOINT: a stand-in SSM endpoint for tests only; deployed functions use the regional one.
    url: process.env.SSM_ENDPOINT ?? `https://ssm.${region}.amazonaws.com/`,
  };
  return ssm;
}

/** `ssm:GetParameter` with decryption; the value, or a named error that never contains it. */
async function getParameter(name: string): Promise<string | undefined> {
  const signed = ssmClient();
  if (!signed) {
    // No credentials in the environment: a developer's machine running a script against a stage
    // (a profile or SSO login). Only there the SDK's credential chain is worth its weight; the
    // specifier is a variable on purpose so esbuild leaves it out of the Lambda bundles (deployed
    // functions always have environment credentials and never reach this line).
    const pkg = '@aws-sdk/client-ssm';
    const { SSMClient, GetParameterCommand } = await import(pkg);
    const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return out.Parameter?.Value;
  }
  const res = await signed.client.fetch(signed.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AmazonSSM.GetParameter' },
    body: JSON.stringify({ Name: name, WithDecryption: true }),
  });
  const out = (await res.json().catch(() => ({}))) as {
    Parameter?: { Value?: string };
    __type?: string;
    message?: string;
  };
  if (!res.ok) {
    const code = String(out.__type ?? res.status)
      .split('#')
      .at(-1);
    throw new Error(`SSM GetParameter ${name} failed: ${code}${out.message ? ` (${out.message})` : ''}`);
  }
  return out.Parameter?.Value;
}

/**
 * The secret `name`: `<name>_PARAM`'s SSM SecureString when set (deployed), else the plain
 * `<name>` variable (local). Cached per process. @default maxAgeSeconds 300
 */
export async function secret(name: string, maxAgeSeconds = 300): Promise<string> {
  const hit = cache.get(name);
  if (hit && hit.expiresAt > Date.now()) return hit.value;
  const paramName = process.env[`${name}_PARAM`];
  const value = paramName ? await getParameter(paramName) : process.env[name];
  if (!value)
    throw new ConfigError([`${name}: missing (set ${name} locally or ${name}_PARAM when deployed)`]);
  cache.set(name, { value, expiresAt: Date.now() + maxAgeSeconds * 1000 });
  return value;
}

/** Forgets cached secrets and the signed client (tests, rotation drills). */
export function clearSecretCache(): void {
  cache.clear();
  ssm = undefined;
}
