import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

// The worker client reads its configuration at import: the function name, region and the
// execution role's credentials Lambda puts in the environment.
const env = {
  WORKER_FUNCTION_NAME: 'bookingbot-messenger-webhook-dev-worker',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'session-token-example',
};

/** Node's crypto in the shape @smithy/signature-v4 expects (what the SDK's hash-node does). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: SourceData) =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
class Sha256 {
  private readonly hash;
  constructor(key?: SourceData) {
    this.hash = key ? createHmac('sha256', bytes(key)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

describe('signedInvokeHeaders (the webhook hand-off signer)', () => {
  let signedInvokeHeaders: (body: Buffer | string, now?: Date | number) => Record<string, string>;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, env);
    delete process.env.MESSENGER_LAMBDA_ENDPOINT;
    ({ signedInvokeHeaders } = await import('../../src/lib/worker-client'));
  });
  afterAll(() => {
    process.env = saved;
  });

  it('It should sign an async Invoke exactly as the AWS SDK signer does', async () => {
    // Arrange
    const body = Buffer.from('{"receivedAt":1,"body":{"object":"page","entry":[{"id":"1","messaging":[]}]}}');
    const now = new Date('2026-12-01T21:30:05.123Z');
    const host = 'lambda.eu-west-1.amazonaws.com';
    const path = '/2015-03-31/functions/bookingbot-messenger-webhook-dev-worker/invocations';
    const sdkSigner = new SignatureV4({
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
      region: env.AWS_REGION,
      service: 'lambda',
      sha256: Sha256,
      // The SDK signs the security token too; so does the webhook's signer.
      applyChecksum: false,
    });

    // Act
    const ours = signedInvokeHeaders(body, now);
    const reference = await sdkSigner.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: host,
        path,
        headers: { host, 'x-amz-invocation-type': 'Event' },
        body,
      },
      { signingDate: now },
    );

    // Assert
    expect(ours.host).toBe(host);
    expect(ours['x-amz-invocation-type']).toBe('Event');
    expect(ours['x-amz-security-token']).toBe(env.AWS_SESSION_TOKEN);
    expect(ours['content-length']).toBe(String(body.length));
    expect(ours.authorization).toBe(reference.headers.authorization);
  });

  it('It should give a different signature for one changed byte of the payload', () => {
    // Arrange
    const now = new Date('2026-12-01T21:30:05Z');

    // Act
    const a = signedInvokeHeaders(Buffer.from('{"a":1}'), now).authorization;
    const b = signedInvokeHeaders(Buffer.from('{"a":2}'), now).authorization;

    // Assert
    expect(a).not.toBe(b);
  });

  /** What the SDK's signer says for `body` at `now`: the reference for the cached-key cases. */
  async function reference(body: string, now: Date): Promise<string | undefined> {
    const host = 'lambda.eu-west-1.amazonaws.com';
    const sdkSigner = new SignatureV4({
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
      region: env.AWS_REGION,
      service: 'lambda',
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await sdkSigner.sign(
      {
        method: 'POST',
        protocol: 'https:',
        hostname: host,
        path: '/2015-03-31/functions/bookingbot-messenger-webhook-dev-worker/invocations',
        headers: { host, 'x-amz-invocation-type': 'Event' },
        body,
      },
      { signingDate: now },
    );
    return signed.headers.authorization;
  }

  it('It should sign with the new day’s key after midnight UTC, and back again for an earlier date', async () => {
    // Arrange: the signing key and the formatted date are cached per day and per second
    const body = '{"receivedAt":1,"body":{"object":"page","entry":[]}}';
    const times = [
      new Date('2026-12-01T23:59:59.900Z'),
      new Date('2026-12-01T23:59:59.950Z'), // same second: the cached date string
      new Date('2026-12-02T00:00:00.010Z'), // next day: a new signing key and scope
      new Date('2026-12-01T23:59:58.000Z'), // a clock stepped back: yesterday's key again
    ];

    // Act
    const ours = times.map((t) => signedInvokeHeaders(body, t));
    const theirs = await Promise.all(times.map((t) => reference(body, t)));

    // Assert
    expect(ours.map((h) => h.authorization)).toEqual(theirs);
    expect(ours[2]?.authorization).toContain('/20261202/eu-west-1/lambda/aws4_request');
    expect(ours[2]?.['x-amz-date']).toBe('20261202T000000Z');
  });

  it('It should sign a string body as its UTF-8 bytes, with their length', async () => {
    // Arrange: the hot path passes the payload as a string (no Buffer copy)
    const body = '{"receivedAt":1,"body":{"text":"đặt lịch \\"3h\\" \\\\ 😀"}}';
    const now = new Date('2026-12-01T08:00:00Z');

    // Act
    const fromString = signedInvokeHeaders(body, now);
    const fromBytes = signedInvokeHeaders(Buffer.from(body, 'utf8'), now);

    // Assert
    expect(fromString.authorization).toBe(await reference(body, now));
    expect(fromString.authorization).toBe(fromBytes.authorization);
    expect(fromString['content-length']).toBe(String(Buffer.byteLength(body, 'utf8')));
    expect(Number(fromString['content-length'])).toBeGreaterThan(body.length);
  });
});
