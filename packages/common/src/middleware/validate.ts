import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { type FieldIssue, ValidationError } from '../errors/index';
import type { JsonEvent } from './json-body';

export interface ValidateOptions {
  body?: z.ZodType;
  query?: z.ZodType;
  path?: z.ZodType;
}

export type ValidatedEvent = JsonEvent & { validated?: { body?: unknown; query?: unknown; path?: unknown } };

/** zod issues → field issues prefixed with where the field lives (`body.email`, `query.date`). */
export function zodIssues(where: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

/**
 * Validates body, query string and path parameters with zod schemas; all problems of all three
 * are reported together in one 400 problem+json, each naming its field.
 */
export function validate(opts: ValidateOptions = {}): MiddlewareObj<ValidatedEvent> {
  const options = { ...opts };
  const validateMiddlewareBefore: MiddlewareObj<ValidatedEvent>['before'] = async (request) => {
    const { event } = request;
    const issues: FieldIssue[] = [];
    const validated: NonNullable<ValidatedEvent['validated']> = {};
    const check = (where: 'body' | 'query' | 'path', schema: z.ZodType | undefined, input: unknown) => {
      if (!schema) return;
      const result = schema.safeParse(input);
      if (result.success) validated[where] = result.data;
      else issues.push(...zodIssues(where, result.error));
    };
    if (options.body && event.parsedBody === undefined) {
      issues.push({ field: 'body', message: 'is required' });
    } else {
      check('body', options.body, event.parsedBody);
    }
    check('query', options.query, event.queryStringParameters ?? {});
    check('path', options.path, event.pathParameters ?? {});
    if (issues.length > 0) throw new ValidationError(issues);
    event.validated = validated;
  };
  return { before: validateMiddlewareBefore };
}
