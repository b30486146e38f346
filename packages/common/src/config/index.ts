import { z } from 'zod';
import { ConfigError } from '../errors/index';

export { z };

/**
 * Typed configuration, read and validated once at cold start.
 *
 * Each service declares a zod object whose keys are environment variable names. Locally those
 * variables carry development defaults (see README "Configuration"); deployed stages get plain
 * values from stack outputs and secrets through `secret()` (SSM SecureString), never from code.
 */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<S>> {
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
export const csvList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

/** An integer read from a string variable, with a default. */
export const intFromEnv = (defaultValue: number) => z.coerce.number().int().default(defaultValue);

/** The shared settings every function reads: stage, table, AWS endpoints for local runs. */
export const baseShape = {
  STAGE: z.string().default('local'),
  APP_NAME: z.string().default('bookingbot'),
  TABLE_NAME: z.string().default('bookingbot-local-main'),
  /** Set only locally/in tests: DynamoDB Local's URL. Deployed functions use the regional endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
};

export type BaseConfig = z.infer<z.ZodObject<typeof baseShape>>;

/** The base configuration of this process, validated once and cached. */
let cachedBase: BaseConfig | undefined;
export function baseConfig(): BaseConfig {
  cachedBase ??= loadConfig(baseShape);
  return cachedBase;
}

export { clearSecretCache, secret } from './secrets';
