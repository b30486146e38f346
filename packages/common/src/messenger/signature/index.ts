import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
// The secrets module itself, not the config barrel: this module is on the webhook's cold path
// (`@bookingbot/common/messenger/signature`), and the barrel initializes zod for `loadConfig`.
import { secret } from '../../config/secrets';
import { AppError } from '../../errors/index';

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
 *
 * `body` is the raw bytes, or the string API Gateway delivered when it did not base64-encode
 * them: the HMAC then reads that string as UTF-8, exactly the bytes `Buffer.from(body, 'utf8')`
 * would copy out first (the webhook's hot path skips that copy). `appSecret` may be the
 * {@link appSecretKey} KeyObject, which spares Node re-importing the key on every HMAC.
 */
export function verifySignature(
  body: Buffer | string,
  header256: string | undefined,
  appSecret: string | KeyObject,
  headerSha1?: string,
): SignatureVerdict {
  if (!header256) return headerSha1 ? 'sha1Only' : 'missing';
  if (!header256.startsWith(PREFIX)) return 'malformed';
  const hex = header256.slice(PREFIX.length);
  if (!HEX_64.test(hex)) return 'malformed';
  const hmac = createHmac('sha256', appSecret);
  const expected = (typeof body === 'string' ? hmac.update(body, 'utf8') : hmac.update(body)).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? 'valid' : 'mismatch';
}

const APP_SECRET_MAX_AGE_MS = 300_000;
let appKey: { value: string; key: KeyObject; expiresAt: number } | undefined;

/**
 * The App Secret (`secret('MESSENGER_APP_SECRET')`) as an HMAC key: the KeyObject itself while
 * cached, a promise only when it has to be (re)loaded. Why beside `secret()`: the webhook checks a
 * signature on every POST, and an `await` of an already-cached secret still costs a promise and a
 * microtask turn per request, and a string key is re-imported by `createHmac` every time. The
 * cache lasts as long as `secret()`'s (5 minutes from the load), so a rotated secret is picked up
 * the same way, at most one cache period later when something else re-read it in between.
 */
export function appSecretKey(now = Date.now()): KeyObject | Promise<KeyObject> {
  if (appKey && appKey.expiresAt > now) return appKey.key;
  return secret('MESSENGER_APP_SECRET').then((value) => {
    // Same secret as before (the usual case at expiry): keep its key object.
    const key = appKey?.value === value ? appKey.key : createSecretKey(Buffer.from(value, 'utf8'));
    appKey = { value, key, expiresAt: Date.now() + APP_SECRET_MAX_AGE_MS };
    return key;
  });
}

/** Forgets the cached App Secret key (tests, rotation drills; `clearSecretCache` for `secret()`). */
export function clearAppSecretKey(): void {
  appKey = undefined;
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
