import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildEvent, s3PutTransport, writeEventBatch } from '../../src/analytics/index';

/**
 * The lake's S3 PUT is a signed fetch (analytics/writer.ts `s3PutTransport`), not the SDK client:
 * written through the real S3 local the stack runs (s3rver), with its errors and the SDK's retry
 * budget checked against an in-process S3 stand-in.
 */
const lakeDir = process.env.ANALYTICS_LAKE_DIR as string;
const bucket = process.env.EVENT_BUCKET as string;
const s3rver = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** What the S3 stand-in does with a request: answer it, or close the connection (`drop`). */
type Reply = { status: number; body: string } | 'drop';

/** An S3 stand-in answering each PUT with the next of `replies` (the last one repeats). */
async function fakeS3(replies: Reply[]) {
  const seen: { url?: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      const reply = replies[Math.min(seen.length, replies.length) - 1];
      if (reply === 'drop' || !reply) req.socket.destroy();
      else res.writeHead(reply.status, { 'content-type': 'application/xml' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const s3Error = (code: string) =>
  `<?xml version="1.0"?><Error><Code>${code}</Code><Message>m</Message></Error>`;
const object = { bucket: 'lake', key: 'events/dt=2026-12-02/a.ndjson.gz', body: Buffer.from('x') };

describe('The event lake writer against S3 local', () => {
  it('It should store the gzip NDJSON object with its content type and encoding', async () => {
    // Arrange
    const event = buildEvent({ type: 'booking.booked', userId: `lake-${Date.now()}` });

    // Act
    const [key] = await writeEventBatch([event], bucket);

    // Assert
    const file = path.join(lakeDir, `${key}._S3rver_object`);
    const rows = gunzipSync(readFileSync(file)).toString('utf8').trim().split('\n');
    expect(rows.map((r) => JSON.parse(r).event_id)).toEqual([event.eventId]);
    const meta = JSON.parse(readFileSync(path.join(lakeDir, `${key}._S3rver_metadata.json`), 'utf8'));
    expect(meta).toMatchObject({ 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
  });

  it("It should reject with S3's error code when the bucket does not exist", async () => {
    // Arrange
    const put = s3PutTransport({ endpoint: process.env.S3_ENDPOINT, credentials: s3rver, retries: 0 });

    // Act
    const error = await put({ ...object, bucket: `missing-${Date.now()}`, contentType: 'text/plain' }).catch(
      (e: unknown) => e,
    );

    // Assert
    expect(error).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });
});

describe('The lake PUT against an S3 stand-in', () => {
  it('It should sign the PUT for s3 with the SHA-256 of its body, path-style under the endpoint', async () => {
    // Arrange
    const s3 = await fakeS3([{ status: 200, body: '' }]);
    try {
      // Act
      await s3PutTransport({ endpoint: s3.url, region: 'ap-southeast-1', credentials: s3rver })({
        ...object,
        contentType: 'application/x-ndjson',
        contentEncoding: 'gzip',
      });

      // Assert
      expect(s3.seen).toHaveLength(1);
      expect(s3.seen[0]?.url).toBe('/lake/events/dt%3D2026-12-02/a.ndjson.gz');
      expect(s3.seen[0]?.headers).toMatchObject({
        'content-encoding': 'gzip',
        'x-amz-content-sha256': createHash('sha256').update(object.body).digest('hex'),
        authorization: expect.stringMatching(/Credential=S3RVER\/\d{8}\/ap-southeast-1\/s3\/aws4_request/),
      });
      expect(s3.seen[0]?.body.toString()).toBe('x');
    } finally {
      await s3.close();
    }
  });

  /** One PUT through a stand-in answering `replies`: how many requests it saw, and the error if any. */
  async function putThrough(replies: Reply[]) {
    const s3 = await fakeS3(replies);
    try {
      const error = await s3PutTransport({ endpoint: s3.url, credentials: s3rver })({
        ...object,
        contentType: 'text/plain',
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      return { requests: s3.seen.length, error };
    } finally {
      await s3.close();
    }
  }

  const stored: Reply = { status: 200, body: '' };
  it.each<[string, Reply[]]>([
    ['a 503 SlowDown', [{ status: 503, body: s3Error('SlowDown') }, stored]],
    ['a dropped connection', ['drop', stored]],
  ])('It should retry %s and succeed on the next attempt', async (_, replies) => {
    // Act
    const outcome = await putThrough(replies);

    // Assert
    expect(outcome).toEqual({ requests: 2, error: undefined });
  });

  it.each([
    ['not retry a refusal such as AccessDenied', 403, 'AccessDenied', 1],
    ['give up after three attempts and reject with the last error code', 500, 'InternalError', 3],
  ])('It should %s', async (_, status, code, attempts) => {
    // Act
    const { requests, error } = await putThrough([{ status, body: s3Error(code) }]);

    // Assert
    expect(requests).toBe(attempts);
    expect(error).toMatchObject({ name: code, status });
  });
});
