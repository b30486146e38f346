import { ValidationError } from '../errors/index';

/**
 * The one pagination cursor of the system: DynamoDB's `LastEvaluatedKey` (or any small key
 * object) as base64url JSON. Opaque to clients, who pass back what they got. Decoding validates:
 * an object of string/number members, at most 1 KB, and — when the list is bound to a partition
 * (a user's appointments) — the bound members must match, so a cursor of another user is refused.
 * Anything else is a 400 naming `query.cursor`.
 */
export type CursorKey = Record<string, string | number>;

/** Longest accepted cursor (characters). */
export const CURSOR_MAX = 1024;

/** `LastEvaluatedKey` → cursor; `undefined` when there is no next page. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

const invalid = (field: string) => new ValidationError([{ field, message: 'is not a valid cursor' }]);

export interface DecodeCursorOptions {
  /** Members the key must carry with exactly these values (the partition the list reads). */
  bound?: Record<string, string>;
  /** Members the key must have (e.g. the index's keys). */
  required?: string[];
  /** The field named in the 400. @default 'query.cursor' */
  field?: string;
}

/** Cursor → `ExclusiveStartKey`; `undefined` for no cursor; a 400 naming the field for a bad one. */
export function decodeCursor(
  cursor: string | undefined,
  options: DecodeCursorOptions = {},
): CursorKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const field = options.field ?? 'query.cursor';
  if (cursor.length > CURSOR_MAX || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid(field);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid(field);
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid(field);
  const entries = Object.entries(key as Record<string, unknown>);
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'string' && typeof v !== 'number'))
    throw invalid(field);
  const out = key as CursorKey;
  for (const [k, v] of Object.entries(options.bound ?? {})) if (out[k] !== v) throw invalid(field);
  for (const k of options.required ?? []) if (out[k] === undefined) throw invalid(field);
  return out;
}

/** The one list response shape: `{ items, nextCursor }` (`null` on the last page). */
export interface ListResponse<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds the list response from a page of items and the key to continue from (DynamoDB's `LastEvaluatedKey`). */
export function page<T>(items: T[], next: Record<string, unknown> | undefined): ListResponse<T> {
  return { items, nextCursor: encodeCursor(next) ?? null };
}

/** The list response when the cursor is already encoded (or absent). */
export function listResponse<T>(items: T[], nextCursor: string | undefined | null): ListResponse<T> {
  return { items, nextCursor: nextCursor ?? null };
}
