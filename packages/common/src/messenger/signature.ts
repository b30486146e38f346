import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { secret } from '../config/index';
import { AppError } from '../errors/index';

/** Why a signature was refused (the error code tells the log line which case it was). */
export type SignatureVerdict = 'valid' | 'missing' | 'sha1Only' | 'malformed' | 'mismatch';

const PREFIX = 'sha256=';
const HEX_64 = /^[0-9a-f]{64}$/i;

/** The raw bytes Meta signed: `event.body` as received, base64-decoded when API Gateway encoded it. */
export function rawBodyBytes(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Buffer {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

/** `sha256=<hex>` of HMAC-SHA256(body, appSecret): what Meta sends in `X-Hub-Signature-256`. */
export function signBody(body: Buffer | string, appSecret: string): string {
  return `${PREFIX}${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * Checks an `X-Hub-Signature-256` header against the raw body, in constant time. The legacy sha1
 * `X-Hub-Signature` is never accepted on its own (it is what Bottender/BootBot still check).
 */
export function verifySignature(
  body: Buffer,
  header256: string | undefined,
  appSecret: string,
  headerSha1?: string,
): SignatureVerdict {
  if (!header256) return headerSha1 ? 'sha1Only' : 'missing';
  if (!header256.startsWith(PREFIX)) return 'malformed';
  const hex = header256.slice(PREFIX.length);
  if (!HEX_64.test(hex)) return 'malformed';
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? 'valid' : 'mismatch';
}

function header(headers: APIGatewayProxyEvent['headers'] | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  // serverless-offline keeps the sender's header case; API Gateway and the normalizer lowercase it.
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export interface MessengerSignatureOptions {
  /** Where the App Secret comes from. @default () => secret('MESSENGER_APP_SECRET') */
  appSecret?: () => Promise<string>;
}

/**
 * Middy middleware rejecting webhook POSTs whose `X-Hub-Signature-256` does not match the raw
 * bytes of `event.body` (never a re-serialized body: Meta signs its escaped-unicode form).
 * Missing (or sha1-only) → 401 `messenger.signatureMissing`; malformed or wrong → 403
 * `messenger.signatureInvalid`. The problem+json handler writes the single log line.
 */
export function messengerSignature(
  options: MessengerSignatureOptions = {},
): MiddlewareObj<APIGatewayProxyEvent> {
  const appSecret = options.appSecret ?? (() => secret('MESSENGER_APP_SECRET'));
  const messengerSignatureMiddlewareBefore: MiddlewareObj<APIGatewayProxyEvent>['before'] = async (
    request,
  ) => {
    const { event } = request;
    const verdict = verifySignature(
      rawBodyBytes(event),
      header(event.headers, 'x-hub-signature-256'),
      await appSecret(),
      header(event.headers, 'x-hub-signature'),
    );
    if (verdict === 'valid') return;
    if (verdict === 'missing' || verdict === 'sha1Only') {
      throw new AppError('messenger.signatureMissing', 'Unauthorized', {
        detail:
          verdict === 'sha1Only'
            ? 'X-Hub-Signature (sha1) is not accepted; send X-Hub-Signature-256'
            : 'X-Hub-Signature-256 header is required',
        errors: [{ field: 'header.x-hub-signature-256', message: 'is required' }],
      });
    }
    throw new AppError('messenger.signatureInvalid', 'Forbidden', {
      detail: 'X-Hub-Signature-256 does not match the body',
      errors: [{ field: 'header.x-hub-signature-256', message: 'does not match the body' }],
    });
  };
  return { before: messengerSignatureMiddlewareBefore };
}
