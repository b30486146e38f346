import type { MiddlewareObj } from '@middy/core';
import { type FieldIssue, ValidationError } from '../errors/index';
import type { AnySchema } from '../schema/index';
import * as z from '../schema/index';
import type { JsonEvent } from './json-body';

export interface ValidateOptions {
  body?: AnySchema;
  /** The route's query parameters. A key it does not declare is a 400; no schema accepts no query. */
  query?: AnySchema;
  path?: AnySchema;
}

export type ValidatedEvent = JsonEvent & { validated?: { body?: unknown; query?: unknown; path?: unknown } };

/** zod issues → field issues prefixed with where the field lives (`body.email`, `query.date`). */
export function zodIssues(where: string, error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  catchall?: { _zod?: { def?: SchemaDef } };
  in?: { _zod?: { def?: SchemaDef } };
  innerType?: { _zod?: { def?: SchemaDef } };
}

/**
 * The keys an object schema declares, looking through pipes/transforms and optional/default
 * wrappers; `undefined` when the schema accepts any key (a loose object, a record, not an object),
 * in which case the schema alone decides.
 */
export function declaredKeys(schema: AnySchema): Set<string> | undefined {
  let def = (schema as { _zod?: { def?: SchemaDef } })._zod?.def;
  for (let depth = 0; def && depth < 10; depth++) {
    if (def.type === 'object') {
      const catchall = def.catchall?._zod?.def?.type;
      if (catchall && catchall !== 'never') return undefined;
      return new Set(Object.keys(def.shape ?? {}));
    }
    const next = def.type === 'pipe' ? def.in : def.innerType;
    def = next?._zod?.def;
  }
  return undefined;
}

/**
 * Validates body, query string and path parameters with zod schemas; all problems of all three
 * are reported together in one 400 problem+json, each naming its field. A query parameter the
 * route does not declare is refused too (`?q=` for `?query=` would otherwise be silently ignored
 * and return everything).
 */
export function validate(opts: ValidateOptions = {}): MiddlewareObj<ValidatedEvent> {
  const options = { ...opts };
  const allowedQuery = options.query ? declaredKeys(options.query) : new Set<string>();
  const validateMiddlewareBefore: MiddlewareObj<ValidatedEvent>['before'] = async (request) => {
    const { event } = request;
    const issues: FieldIssue[] = [];
    const validated: NonNullable<ValidatedEvent['validated']> = {};
    const check = (where: 'body' | 'query' | 'path', schema: AnySchema | undefined, input: unknown) => {
      if (!schema) return;
      const result = z.safeParse(schema, input);
      if (result.success) validated[where] = result.data;
      else issues.push(...zodIssues(where, result.error));
    };
    // No body at all is "required" only when the schema refuses `undefined` (a defaulted body, e.g.
    // thread-control's `{owner: 'bot'}`, may be left out).
    if (options.body && event.parsedBody === undefined && !z.safeParse(options.body, undefined).success) {
      issues.push({ field: 'body', message: 'is required' });
    } else {
      check('body', options.body, event.parsedBody);
    }
    const query = event.queryStringParameters ?? {};
    if (allowedQuery) {
      for (const key of Object.keys(query).sort()) {
        if (!allowedQuery.has(key))
          issues.push({ field: `query.${key}`, message: 'unknown query parameter' });
      }
    }
    check('query', options.query, query);
    check('path', options.path, event.pathParameters ?? {});
    if (issues.length > 0) throw new ValidationError(issues);
    event.validated = validated;
  };
  return { before: validateMiddlewareBefore };
}
