import { ConfigError } from '../errors/index';
import type { AnySchema } from '../schema/index';
import * as z from '../schema/index';

/**
 * Typed configuration, read and validated once at cold start.
 *
 * Each service declares a zod object whose keys are environment variable names (written with
 * `import * as z from '@bookingbot/common/schema'`, zod/mini). Locally those
 * variables carry development defaults (see README "Configuration"); deployed stages get plain
 * values from stack outputs and secrets through `secret()` (SSM SecureString), never from code.
 */
export function loadConfig<S extends Record<string, AnySchema>>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodMiniObject<S>> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    input[key] = value === '' ? undefined : value;
  }
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

/** A comma-separated list (`a@x.com, b@y.com`) as a trimmed, lower-cased array. @default [] */
export const csvList = z.pipe(
  z.optional(z.string()),
  z.transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  ),
);

/** An integer read from a string variable, with a default. */
export const intFromEnv = (defaultValue: number) =>
  z._default(z.coerce.number().check(z.int()), defaultValue);

/** The shared settings every function reads: stage, table, AWS endpoints for local runs. */
export const baseShape = {
  STAGE: z._default(z.string(), 'local'),
  APP_NAME: z._default(z.string(), 'bookingbot'),
  TABLE_NAME: z._default(z.string(), 'bookingbot-local-main'),
  /** Set only locally/in tests: DynamoDB Local's URL. Deployed functions use the regional endpoint. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
};

export type BaseConfig = z.infer<z.ZodMiniObject<typeof baseShape>>;

/** The base configuration of this process, validated once and cached. */
let cachedBase: BaseConfig | undefined;
export function baseConfig(): BaseConfig {
  cachedBase ??= loadConfig(baseShape);
  return cachedBase;
}

export { clearSecretCache, secret } from './secrets';
