/**
 * The zod every runtime schema is written with: `zod/mini`, the tree-shakable functional form of
 * zod 4 (`z.optional(z.string().check(z.maxLength(64)))` for `z.string().max(64).optional()`).
 * A function bundles only the checks it uses: a 4-field strict object is ≈ 22 KB minified against
 * ≈ 470 KB with classic `zod`, whose methods keep the whole library reachable
 * (docs/architecture.md "Bundles").
 *
 * Import it as a namespace, `import * as z from '@bookingbot/common/schema'`: esbuild drops the
 * unused parts of a namespace import, but not of a namespace object passed on as a value
 * (`import { z } from …` of a re-exported `z` bundles all of zod, every locale included).
 *
 * zod/mini ships no messages ("Invalid input" for everything): the English locale is installed
 * here, once, before any schema parses, so problem+json `errors[]` keep naming the problem
 * ("Too big: expected string to have <=64 characters"). Its cost is ≈ 3 KB per bundle.
 */
import { en } from 'zod/locales';
import { config, type core } from 'zod/mini';

config(en());

export * from 'zod/mini';

/** Any zod schema, mini or classic (both share the core); what the common helpers accept. */
export type AnySchema = core.$ZodType;

/**
 * `build` run on the first call only, its result kept: `const id = z.deferred(() => z.string())`,
 * used as `id()`. For schemas shared by a module whose other exports are used without them (a
 * route table, the booking model): esbuild keeps every module-scope `z.string().check(…)` (a
 * method call is not known to be pure), so each one is built at every cold start of every
 * function that bundles the module, ≈ 0.1–0.3 ms each on a cold V8 (issue 14).
 */
export function deferred<T>(build: () => T): () => T {
  let built = false;
  let value: T;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
