import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles: serverless.base.yml
 * `custom.esbuild.alias` points every import of that package here, so the SDK clients' default
 * credential provider reads the environment and nothing else.
 *
 * Why: Lambda's Node.js runtime always puts the function role's credentials in
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, so the rest of the default
 * chain (SSO, shared ini files, web identity, process, ECS/IMDS — and the STS and SSO-OIDC clients
 * they bundle) is code no function ever runs. Every client's runtime config imports that chain
 * statically, so passing `credentials: fromEnv()` alone would not drop it; the alias does. Measured
 * on user-api me-get (bench/lib/coldstart.mjs, interleaved fresh processes): 582 → 441 KB,
 * init CPU −16 %. The local stack sets the same variables (scripts/lib/env.mjs); unit tests and
 * scripts run the sources unbundled and keep the SDK's full chain.
 *
 * Same signature as the package's `defaultProvider(init)`; a missing variable fails with the SDK's
 * `CredentialsProviderError` ("Unable to find environment variable credentials.").
 */
export function defaultProvider(init: Parameters<typeof fromEnv>[0] = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
