import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * The local web server (scripts/lib/web-server.mjs) serves the app's files compressed as the
 * CloudFront edge does (`Compress: true`): Brotli when offered, else gzip, else identity — so the
 * bench's Lighthouse run measures what users download. Started in its own Node process (an ES
 * module with `import.meta`), on a temporary dist folder.
 */
const ROOT = path.resolve(__dirname, '../..');
const script = `import { startWebServer } from ${JSON.stringify(path.join(ROOT, 'scripts/lib/web-server.mjs'))};
const s = await startWebServer({ port: 0, distDir: process.argv[1], targets: { auth: 'http://127.0.0.1:9', userApi: 'http://127.0.0.1:9', adminApi: 'http://127.0.0.1:9', webhook: 'http://127.0.0.1:9' } });
console.log('PORT ' + s.address().port);`;

let dist: string;
let server: ChildProcess;
let port: number;
const js = `export const greeting = ${JSON.stringify('xin chào '.repeat(200))};\n`;

beforeAll(async () => {
  dist = mkdtempSync(path.join(os.tmpdir(), 'web-dist-'));
  mkdirSync(path.join(dist, 'book'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'book/index.html'), '<!doctype html><title>Book</title>');
  writeFileSync(path.join(dist, 'assets/app-abc123.js'), js);
  writeFileSync(path.join(dist, 'assets/logo-abc123.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  server = spawn(process.execPath, ['--input-type=module', '-e', script, dist], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  port = await new Promise<number>((resolve, reject) => {
    server.stdout?.on('data', (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`web server exited ${code}`)));
  });
});

afterAll(() => {
  server?.kill();
  rmSync(dist, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string>, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const req = http.request(`http://127.0.0.1:${port}${url}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the local web server', () => {
  it('It should serve JavaScript Brotli-compressed when the browser offers br, with the cache headers', async () => {
    const res = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });

    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('accept-encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(js);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(js) / 5);
  });

  it('It should fall back to gzip, then to identity', async () => {
    const gz = await get('/book/', { 'accept-encoding': 'gzip' });
    const plain = await get('/book/', {});

    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe('<!doctype html><title>Book</title>');
    expect(gz.headers['cache-control']).toBe('no-cache');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe('<!doctype html><title>Book</title>');
  });

  it('It should not compress images, and send no body to HEAD', async () => {
    const png = await get('/assets/logo-abc123.png', { 'accept-encoding': 'br' });
    const head = await get('/assets/app-abc123.js', { 'accept-encoding': 'br' }, 'HEAD');

    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });
});
