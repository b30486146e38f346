// The local web server (`WEB_PORT`, default 4020): the built app (apps/web/dist) and the APIs under
// one origin with the production path layout of the CloudFront edge — /book/* and /console/* (SPA
// fallback to the area's index.html), /auth/* → auth-otp, /api/* → user-api (prefix stripped),
// /admin/* → admin-api, /webhook → messenger-webhook. One origin means the refresh cookie, the
// Origin check and the CSP behave as deployed, and the app needs no CORS.
//
// Hand-written on node:http rather than http-proxy: that package is unmaintained (last release
// 2020, open issues with current Node), and what is needed here — prefix mapping, static files
// with cache headers, SPA fallback — is about a hundred lines with no dependency.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST_DIR = path.join(ROOT, 'apps/web/dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

/** The edge's response headers policy (services/edge), applied to the app's files here too. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** Path prefix → upstream base URL and whether the prefix is stripped (API Gateway base-path mapping). */
export function routesFor(targets) {
  return [
    { prefix: '/auth/', upstream: targets.auth, strip: false },
    { prefix: '/.well-known/', upstream: targets.auth, strip: false },
    { prefix: '/api/', upstream: targets.userApi, strip: true, stripLength: 4 },
    { prefix: '/admin/', upstream: targets.adminApi, strip: false },
    { prefix: '/webhook', upstream: targets.webhook, strip: false, exact: true },
  ];
}

function proxy(req, res, route) {
  const upstreamPath = route.strip ? req.url.slice(route.stripLength) || '/' : req.url;
  const target = new URL(upstreamPath, route.upstream);
  const headers = { ...req.headers, host: target.host };
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  const upstream = http.request(target, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (err) => {
    if (res.headersSent) return res.destroy(err);
    res.writeHead(502, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({ title: 'Bad Gateway', status: 502, detail: `upstream ${route.upstream} unreachable` }),
    );
  });
  req.pipe(upstream);
}

/** Text types CloudFront compresses (`Compress: true` on the app behaviours of services/edge). */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg)/;
/** Compressed bodies by file, kept while the file is unchanged (the dist folder is small). */
const compressed = new Map();

/** The encoding CloudFront would pick for this request: Brotli, else gzip, else none. */
function encodingFor(req, type) {
  if (!COMPRESSIBLE.test(type)) return undefined;
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept)) return 'gzip';
  return undefined;
}

function compressedBody(file, encoding, mtimeMs) {
  const key = `${encoding}:${file}`;
  const hit = compressed.get(key);
  if (hit && hit.mtimeMs === mtimeMs) return hit.body;
  const raw = readFileSync(file);
  const body =
    encoding === 'br'
      ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })
      : gzipSync(raw, { level: 9 });
  compressed.set(key, { mtimeMs, body });
  return body;
}

function sendFile(req, res, file, { immutable }) {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const stat = statSync(file);
  const encoding = encodingFor(req, type);
  const headers = {
    'content-type': type,
    // Hashed assets never change under their name; index.html must be revalidated on every load.
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  };
  if (!encoding) {
    res.writeHead(200, { ...headers, 'content-length': stat.size });
    return createReadStream(file).pipe(res);
  }
  // Compressed as the edge serves it, so what the bench and Lighthouse measure is what users get.
  const body = compressedBody(file, encoding, stat.mtimeMs);
  res.writeHead(200, {
    ...headers,
    'content-encoding': encoding,
    'content-length': body.length,
    vary: 'accept-encoding',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end('Not found');
}

function serveStatic(req, res, distDir) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return res.end();
  }
  const { pathname } = new URL(req.url, 'http://x');
  if (pathname === '/' || pathname === '/book' || pathname === '/console') {
    res.writeHead(302, { location: pathname === '/' ? '/book/' : `${pathname}/` });
    return res.end();
  }
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return notFound(res);
  }
  // Resolved inside distDir only: `..` segments cannot leave it.
  const file = path.join(distDir, path.normalize(decoded).replace(/^([/\\])+/, ''));
  if (!file.startsWith(distDir + path.sep)) return notFound(res);
  if (existsSync(file) && statSync(file).isFile())
    return sendFile(req, res, file, { immutable: decoded.startsWith('/assets/') });
  // SPA fallback, only for the app areas (a missing asset stays a 404).
  const area = /^\/(book|console)\//.exec(decoded)?.[1];
  const index = area && path.join(distDir, area, 'index.html');
  if (index && existsSync(index)) return sendFile(req, res, index, { immutable: false });
  return notFound(res);
}

/**
 * Builds the app (Vite) into `outDir` (default apps/web/dist); returns true on success. Parallel
 * runs (several test stacks on one machine) each build into their own directory, so one build never
 * empties the directory another run's server is serving; hence also `--bypass-lock`.
 */
export function buildWebApp({ quiet = false, outDir = DIST_DIR } = {}) {
  // The API types first: from the services' route tables (apps/web/scripts/gen-api.mjs).
  const gen = spawnSync(process.execPath, [path.join(ROOT, 'apps/web/scripts/gen-api.mjs')], {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (gen.status !== 0) return false;
  const vite = path.join(ROOT, 'apps/web/node_modules/.bin/vite');
  const args = ['build', '--outDir', outDir, '--emptyOutDir', '--bypass-lock'];
  const r = spawnSync(vite, [...args, ...(quiet ? ['--logLevel', 'warn'] : [])], {
    cwd: path.join(ROOT, 'apps/web'),
    stdio: 'inherit',
  });
  return r.status === 0;
}

/** Starts the server; resolves with the http.Server once it listens. */
export function startWebServer({ port, host = '127.0.0.1', distDir = DIST_DIR, targets }) {
  const routes = routesFor(targets);
  const server = http.createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    const route = routes.find((r) =>
      r.exact ? req.url === r.prefix || req.url.startsWith(`${r.prefix}?`) : req.url.startsWith(r.prefix),
    );
    if (route) return proxy(req, res, route);
    return serveStatic(req, res, distDir);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

// `node scripts/lib/web-server.mjs`: started by the local stack with its ports in the environment.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = process.env;
  const port = Number(env.WEB_PORT ?? 4020);
  const distDir = env.WEB_DIST_DIR ? path.resolve(env.WEB_DIST_DIR) : DIST_DIR;
  const local = (name, def) => `http://127.0.0.1:${env[name] ?? def}`;
  if (!existsSync(path.join(distDir, 'book', 'index.html')))
    console.warn(
      `web: ${distDir} has no build yet (npm run build --prefix apps/web); only the APIs are served`,
    );
  await startWebServer({
    port,
    distDir,
    targets: {
      auth: local('AUTH_PORT', 4001),
      userApi: local('USER_API_PORT', 4003),
      adminApi: local('ADMIN_API_PORT', 4004),
      webhook: local('MESSENGER_PORT', 4002),
    },
  });
  console.log(`web server listening on http://127.0.0.1:${port} (app: /book/, /console/)`);
}
