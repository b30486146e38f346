import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import fc from 'fast-check';
import { clearSecretCache } from '../../src/config/secrets';
import { httpHandler, ok } from '../../src/http/index';
import { createLogger } from '../../src/logging/index';
import { messengerSignature, signBody, verifySignature } from '../../src/messenger/index';
import { appSecretKey, clearAppSecretKey } from '../../src/messenger/signature/index';

// Byte-exact Meta bodies (escaped unicode, `\/`) and the signatures Meta computed for them.
const FIXTURES = path.resolve(__dirname, '../../../../services/messenger-webhook/test/fixtures');
const APP_SECRET = 'b7c0a4f1e2d3c4b5a6978877665544aa';
const SIGNED: Record<string, string> = {
  'single.json': 'sha256=801b930f7a4f907570d63e89dbb51f2e9e0dbb1e167c4afbe72ae34032ef5d40',
  'batch10.json': 'sha256=32c793950c48bf8fdc5ee8c8be3c2e8da1df5b8e9e3fe2d7e0ab391d6a201b5f',
  'batch10_oneEntry.json': 'sha256=240a483162aff70c7108f899556ed8ff12b1add99cfbc501193b0afc42e760fb',
};
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

const logger = createLogger('test');
logger.setLogLevel('SILENT');

function post(body: string, headers: Record<string, string>): APIGatewayProxyEvent {
  return {
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/webhook',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/webhook',
    requestContext: {
      requestId: 'r',
      identity: { sourceIp: '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

const reached = jest.fn(async () => ok({ received: true }));
const handler = httpHandler(
  { logger, auth: 'none', before: [messengerSignature({ appSecret: async () => APP_SECRET })] },
  reached,
);
const ctx = {} as Context;

beforeEach(() => reached.mockClear());

describe('verifySignature', () => {
  it.each(Object.entries(SIGNED))(
    'It should accept Meta’s signature of %s over its raw bytes',
    (file, sig) => {
      // Arrange
      const body = fixture(file);

      // Act
      const verdict = verifySignature(body, sig, APP_SECRET);

      // Assert
      expect(verdict).toBe('valid');
    },
  );

  it('It should reject the unicode payload once re-serialized, which is why only raw bytes are signed', () => {
    // Arrange
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(fixture('single.json').toString('utf8'))));

    // Act
    const verdict = verifySignature(reserialized, SIGNED['single.json'], APP_SECRET);

    // Assert
    expect(reserialized.equals(fixture('single.json'))).toBe(false);
    expect(verdict).toBe('mismatch');
  });

  it('It should reject a body with one tampered byte', () => {
    // Arrange
    const body = Buffer.from(fixture('batch10.json'));
    body[200] = (body[200] ?? 0) ^ 0x01;

    // Act
    const verdict = verifySignature(body, SIGNED['batch10.json'], APP_SECRET);

    // Assert
    expect(verdict).toBe('mismatch');
  });

  it('It should reject a signature made with another secret', () => {
    // Arrange
    const body = fixture('single.json');

    // Act
    const verdict = verifySignature(body, signBody(body, 'not-the-app-secret'), APP_SECRET);

    // Assert
    expect(verdict).toBe('mismatch');
  });

  it('It should call a sha1-only request unsigned and a non-hex signature malformed', () => {
    // Arrange
    const body = fixture('single.json');

    // Act
    const sha1Only = verifySignature(body, undefined, APP_SECRET, 'sha1=0123');
    const missing = verifySignature(body, undefined, APP_SECRET);
    const malformed = verifySignature(body, 'sha256=zz', APP_SECRET);
    const wrongAlgo = verifySignature(body, SIGNED['single.json']?.replace('sha256=', 'sha1='), APP_SECRET);

    // Assert
    expect([sha1Only, missing, malformed, wrongAlgo]).toEqual([
      'sha1Only',
      'missing',
      'malformed',
      'malformed',
    ]);
  });
});

describe('verifySignature over the string API Gateway delivered (the webhook fast path)', () => {
  it.each(Object.entries(SIGNED))(
    'It should accept Meta’s signature of %s given as a string',
    (file, sig) => {
      // Arrange
      const body = fixture(file).toString('utf8');

      // Act
      const verdict = verifySignature(body, sig, APP_SECRET);

      // Assert
      expect(verdict).toBe('valid');
    },
  );

  it('It should give the same verdict for a string as for its UTF-8 bytes, whatever the characters', () => {
    fc.assert(
      fc.property(
        // Any code points, and any UTF-16 code units (lone surrogates included): both forms must
        // encode them the same way.
        fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) }),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
        fc.boolean(),
        (text, oddUnits, tamper) => {
          // Arrange
          const body = text + oddUnits;
          const bytes = Buffer.from(body, 'utf8');
          const header = tamper ? signBody(`${body} `, APP_SECRET) : signBody(bytes, APP_SECRET);

          // Act
          const fromString = verifySignature(body, header, APP_SECRET);
          const fromBytes = verifySignature(bytes, header, APP_SECRET);

          // Assert
          expect(fromString).toBe(fromBytes);
          expect(fromString).toBe(tamper ? 'mismatch' : 'valid');
        },
      ),
    );
  });
});

describe('appSecretKey (the App Secret as a cached HMAC key)', () => {
  const saved = process.env.MESSENGER_APP_SECRET;
  beforeEach(() => {
    clearSecretCache();
    clearAppSecretKey();
    process.env.MESSENGER_APP_SECRET = APP_SECRET;
  });
  afterAll(() => {
    process.env.MESSENGER_APP_SECRET = saved;
    clearSecretCache();
    clearAppSecretKey();
  });

  it('It should load once, then answer synchronously with a key that verifies Meta’s signature', async () => {
    // Arrange
    const body = fixture('single.json');

    // Act
    const first = appSecretKey();
    const loaded = await first;
    const second = appSecretKey();

    // Assert
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(loaded);
    expect(verifySignature(body, SIGNED['single.json'], loaded)).toBe('valid');
  });

  it('It should reload after five minutes and pick up a rotated secret', async () => {
    // Arrange
    const body = fixture('single.json');
    const before = await appSecretKey();
    process.env.MESSENGER_APP_SECRET = 'rotated-secret';
    clearSecretCache(); // secret()'s own cache expired too

    // Act
    const stillCached = appSecretKey(Date.now() + 299_000);
    const reloaded = await appSecretKey(Date.now() + 301_000);

    // Assert
    expect(stillCached).toBe(before);
    expect(verifySignature(body, signBody(body, 'rotated-secret'), reloaded)).toBe('valid');
    expect(verifySignature(body, SIGNED['single.json'], reloaded)).toBe('mismatch');
  });

  it('It should refuse by name when the secret is not configured', async () => {
    // Arrange
    delete process.env.MESSENGER_APP_SECRET;

    // Act
    const loading = Promise.resolve(appSecretKey());

    // Assert
    await expect(loading).rejects.toThrow('MESSENGER_APP_SECRET');
  });
});

describe('the messengerSignature middleware in the HTTP stack', () => {
  it('It should pass a correctly signed unicode body through to the handler', async () => {
    // Arrange
    const body = fixture('single.json').toString('utf8');

    // Act
    const res = await handler(post(body, { 'X-Hub-Signature-256': SIGNED['single.json'] as string }), ctx);

    // Assert
    expect(res.statusCode).toBe(200);
    expect(reached).toHaveBeenCalledTimes(1);
  });

  it('It should answer 401 without X-Hub-Signature-256 and never reach the handler', async () => {
    // Arrange
    const body = fixture('single.json').toString('utf8');

    // Act
    const res = await handler(post(body, {}), ctx);

    // Assert
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'messenger.signatureMissing' });
    expect(reached).not.toHaveBeenCalled();
  });

  it('It should answer 401 to a request signed only with the legacy sha1 header', async () => {
    // Arrange
    const body = fixture('single.json').toString('utf8');
    const sha1 = `sha1=${createHmac('sha1', APP_SECRET).update(body).digest('hex')}`;

    // Act
    const res = await handler(post(body, { 'X-Hub-Signature': sha1 }), ctx);

    // Assert
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).detail).toMatch(/sha1/);
    expect(reached).not.toHaveBeenCalled();
  });

  it('It should answer 403 to a wrong signature and never reach the handler', async () => {
    // Arrange
    const body = fixture('single.json').toString('utf8').replace('shop', 'sh0p');

    // Act
    const res = await handler(post(body, { 'x-hub-signature-256': SIGNED['single.json'] as string }), ctx);

    // Assert
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'messenger.signatureInvalid' });
    expect(reached).not.toHaveBeenCalled();
  });

  it('It should verify a base64-encoded body over its decoded bytes', async () => {
    // Arrange
    const raw = fixture('batch10_oneEntry.json');
    const event = {
      ...post(raw.toString('base64'), { 'X-Hub-Signature-256': SIGNED['batch10_oneEntry.json'] as string }),
      isBase64Encoded: true,
    };

    // Act
    const res = await handler(event, ctx);

    // Assert
    expect(res.statusCode).toBe(200);
  });
});
