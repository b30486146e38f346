import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { AppError } from '../errors/index';

export interface JsonBodyOptions {
  /** Largest accepted body, in bytes. @default 65536 */
  maxBytes?: number;
  /** Keep the raw body string in `event.rawBody` (signature checks need the exact bytes). @default false */
  keepRaw?: boolean;
}

const defaults: Required<JsonBodyOptions> = { maxBytes: 65536, keepRaw: false };

export type JsonEvent = APIGatewayProxyEvent & { parsedBody?: unknown; rawBody?: string };

/**
 * Parses a JSON body into `event.parsedBody`, with the checks Middy's http-json-body-parser lacks:
 * a size cap (413), a content-type check (415) and problem+json errors naming the body. The raw
 * string stays untouched in `event.body`, so an HMAC over it matches what the sender signed.
 */
export function jsonBody(opts: JsonBodyOptions = {}): MiddlewareObj<JsonEvent> {
  const options = { ...defaults, ...opts };
  const jsonBodyMiddlewareBefore: MiddlewareObj<JsonEvent>['before'] = async (request) => {
    const { event } = request;
    if (event.body === null || event.body === undefined || event.body === '') return;
    // API Gateway always passes a string; serverless-offline sometimes passes a JSON body already
    // parsed (e.g. the number -0). Restore a string so every later step (signatures) sees one.
    if (typeof event.body !== 'string') event.body = JSON.stringify(event.body);
    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    if (Buffer.byteLength(raw, 'utf8') > options.maxBytes) {
      throw new AppError('request.bodyTooLarge', 'Payload Too Large', {
        detail: `body is larger than ${options.maxBytes} bytes`,
        errors: [{ field: 'body', message: `must be at most ${options.maxBytes} bytes` }],
      });
    }
    const contentType = (
      event.headers?.['content-type'] ??
      event.headers?.['Content-Type'] ??
      ''
    ).toLowerCase();
    if (contentType && !/^application\/([a-z0-9.+-]*\+)?json\b/.test(contentType)) {
      throw new AppError('request.unsupportedMediaType', 'Unsupported Media Type', {
        detail: 'body must be application/json',
        errors: [{ field: 'header.content-type', message: 'must be application/json' }],
      });
    }
    if (options.keepRaw) event.rawBody = raw;
    try {
      event.parsedBody = JSON.parse(raw);
    } catch {
      throw new AppError('request.malformedJson', 'Malformed JSON', {
        detail: 'body is not valid JSON',
        errors: [{ field: 'body', message: 'is not valid JSON' }],
      });
    }
  };
  return { before: jsonBodyMiddlewareBefore };
}
