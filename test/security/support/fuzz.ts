/**
 * Hostile HTTP requests for any route (fast-check arbitraries) and the one verdict every answer
 * must satisfy: never a 5xx; a 4xx is RFC 9457 problem+json naming what is wrong; a 2xx is JSON.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { pathParamNames, type RouteSpec, wellFormed } from './routes';

/** Field names our schemas use, so some bodies reach a schema's inner checks with wrong types. */
const KNOWN_FIELDS = [
  'email',
  'code',
  'refreshToken',
  'name',
  'displayName',
  'phone',
  'locale',
  'timeZone',
  'serviceId',
  'consultantId',
  'start',
  'reason',
  'role',
  'text',
  'tag',
  'durationMinutes',
  'weeklyHours',
  'from',
  'to',
  'object',
  'entry',
  'report',
  'params',
  '__proto__',
  'constructor',
];

/** Query names our routes read (and hub.* for the webhook handshake). */
const KNOWN_QUERY = [
  'date',
  'from',
  'to',
  'serviceId',
  'consultantId',
  'status',
  'cursor',
  'limit',
  'q',
  'email',
  'includeInactive',
  'days',
  'hub.mode',
  'hub.verify_token',
  'hub.challenge',
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '..',
    '../../etc/passwd',
    '%00',
    '\u0000',
    "' OR '1'='1",
    '{"$ne":null}',
    'APPT#x',
    'USER#admin',
    '<script>alert(1)</script>',
    '\ud800',
    'x'.repeat(5000),
    '1e309',
    '-0',
    'NaN',
    '2026-02-30T25:61:00Z',
    'admin',
  ),
);

/** JSON values of every type, some shaped like our inputs with wrong-typed members. */
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
  fc.record({ object: fc.constantFrom('page', 'user', 1), entry: fc.jsonValue({ maxDepth: 3 }) }),
);

/** Request bodies: JSON of the wrong shape, broken JSON, huge, deeply nested, invalid UTF-8. */
export const bodyArb: fc.Arbitrary<{ body: string | null; isBase64Encoded: boolean }> = fc.oneof(
  fc.constant({ body: null, isBase64Encoded: false }),
  fc.constant({ body: '', isBase64Encoded: false }),
  jsonValue.map((v) => ({ body: JSON.stringify(v) ?? 'null', isBase64Encoded: false })),
  hostileString.map((s) => ({ body: s, isBase64Encoded: false })),
  // Deep nesting: a stack-overflow attempt on parsers and validators.
  fc.tuple(fc.integer({ min: 500, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => ({
    body:
      open === '['
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${open.repeat(depth)}1${'}'.repeat(depth)}`,
    isBase64Encoded: false,
  })),
  // Over the size caps (64 KiB, 256 KiB for the webhook).
  fc
    .integer({ min: 70_000, max: 600_000 })
    .map((n) => ({ body: JSON.stringify({ text: 'x'.repeat(n) }), isBase64Encoded: false })),
  // Invalid UTF-8 (lone continuation bytes, overlongs, truncated sequences), as API Gateway passes binary.
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({
    body: Buffer.concat([
      Buffer.from('{"email":"'),
      Buffer.from([0xc0, 0xaf, 0xff, 0x80]),
      Buffer.from(bytes),
    ]).toString('base64'),
    isBase64Encoded: true,
  })),
);

const contentType = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----x',
  'application/json; charset=utf-16',
  'application/xml',
  '',
  '*/*',
  'application/jsonx',
);

/** Odd headers: case variants, huge values, control characters, bogus signatures and keys. */
export const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      ct: contentType,
      ctKey: fc.constantFrom('content-type', 'Content-Type', 'CONTENT-TYPE'),
      extra: fc.dictionary(
        fc.constantFrom(
          'x-correlation-id',
          'idempotency-key',
          'user-agent',
          'accept',
          'x-hub-signature-256',
          'x-hub-signature',
          'x-forwarded-for',
          'accept-language',
          'if-none-match',
          'origin',
        ),
        fc.oneof(hostileString, fc.constant('sha256='.padEnd(71, 'f')), fc.constant('a'.repeat(8000))),
        { maxKeys: 4 },
      ),
    },
    { requiredKeys: ['ctKey', 'extra'] },
  )
  .map(({ ct, ctKey, extra }) => ({ ...extra, ...(ct === undefined ? {} : { [ctKey]: ct }) }));

export const queryArb: fc.Arbitrary<Record<string, string> | null> = fc.option(
  fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_QUERY), fc.string({ maxLength: 12 })), hostileString, {
    maxKeys: 5,
  }),
  { nil: null },
);

export function pathParamsArb(route: RouteSpec): fc.Arbitrary<Record<string, string> | null> {
  const names = pathParamNames(route.path);
  if (names.length === 0) return fc.constant(null);
  const value = fc.oneof(
    fc.uuid(),
    hostileString.filter((s) => s.length > 0),
    fc.constant('x'.repeat(65)),
  );
  // API Gateway URL-decodes path parameters from UTF-8, so they are always well-formed strings.
  return fc.record(
    Object.fromEntries(names.map((n) => [n, value.map(wellFormed)])) as Record<string, fc.Arbitrary<string>>,
  );
}

export interface HostileRequest {
  pathParameters: Record<string, string> | null;
  queryStringParameters: Record<string, string> | null;
  headers: Record<string, string>;
  body: string | null;
  isBase64Encoded: boolean;
}

/**
 * One hostile request for `route`. For the webhook POST a third of the bodies are signed with the
 * real App Secret, so the shape checks behind the signature check are fuzzed too.
 */
export function requestArb(route: RouteSpec, appSecret?: string): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      pathParameters: pathParamsArb(route),
      queryStringParameters: queryArb,
      headers: headersArb,
      b: bodyArb,
      sign: fc.boolean(),
    })
    .map(({ b, sign, ...rest }) => {
      const headers = { ...rest.headers };
      if (appSecret && sign && b.body !== null) {
        const bytes = b.isBase64Encoded ? Buffer.from(b.body, 'base64') : Buffer.from(b.body, 'utf8');
        headers['x-hub-signature-256'] =
          `sha256=${createHmac('sha256', appSecret).update(bytes).digest('hex')}`;
      }
      return { ...rest, headers, body: b.body, isBase64Encoded: b.isBase64Encoded };
    });
}

export interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * Why `answer` breaks the contract, or undefined when it holds: no 5xx; a 4xx is
 * `application/problem+json` with `status`, `code`, `title` and `detail`, and a 400/413/415/422
 * names the offending field(s) in `errors`; any other answer is well-formed.
 */
export function contractViolation(answer: Answer): string | undefined {
  const { status, body } = answer;
  const type = Object.entries(answer.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (status >= 500) return `answered ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!type.startsWith('application/problem+json')) return `${status} with content-type "${type}"`;
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return `${status} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  if (problem.status !== status) return `problem.status ${String(problem.status)} ≠ ${status}`;
  for (const member of ['code', 'title', 'detail', 'type'])
    if (typeof problem[member] !== 'string' || (problem[member] as string).length === 0)
      return `${status} problem without ${member}: ${body.slice(0, 200)}`;
  if ([400, 413, 415, 422].includes(status)) {
    const errors = problem.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0)
      return `${status} problem names no field: ${body.slice(0, 200)}`;
    if (errors.some((e) => typeof e.field !== 'string' || typeof e.message !== 'string'))
      return `${status} problem with an unnamed error: ${body.slice(0, 200)}`;
  }
  return undefined;
}

/** Unhandled promise rejections seen since `watchRejections()` was called. */
export function watchRejections(): { seen: unknown[]; stop: () => void } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return { seen, stop: () => process.off('unhandledRejection', onRejection) };
}
