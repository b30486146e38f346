import { ValidationError } from '@bookingbot/common/errors';
import * as z from '@bookingbot/common/schema';

/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey as base64url JSON. Clients pass back
 * what they got; a cursor that does not decode to a key object is a 400 naming `query.cursor`.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

const keyShape = z.record(z.string(), z.union([z.string(), z.number()]));

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    return keyShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError([{ field: 'query.cursor', message: 'invalid cursor' }]);
  }
}
