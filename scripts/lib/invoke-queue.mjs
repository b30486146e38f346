// Lambda's asynchronous invocation, locally: a queue in front of serverless-offline's invoke
// endpoint. Deployed, `Invoke` with `X-Amz-Invocation-Type: Event` is answered 202 by the Lambda
// service as soon as the event is queued, and a poller runs the function at the concurrency it
// has. serverless-offline instead starts the handler at once for every Event invoke, with no limit:
// under the bench's 200 POSTs (10 in flight) the worker's process ran dozens of turns at a time on
// two cores, turns took up to 10 s, and its invoke endpoint answered `receive` too late (109 of 200
// acks 503, `worker invoke: no answer in 1500 ms`). Hand-written because no local Lambda emulator
// here has an async queue; ≈ 60 lines, no state beyond memory (a stopped stack loses queued events,
// as a deleted Lambda queue would; Meta's redelivery and the worker's de-duplication cover it).
import http from 'node:http';

const INVOKE_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations/;

/**
 * Listens on `port`; an Event invoke is answered 202 at once and run later through `target` (the
 * offline Lambda endpoint) as RequestResponse, at most `concurrency` at a time, in arrival order.
 * Anything else is passed through unchanged. Returns {close, stats}. @default concurrency 4
 */
export async function startInvokeQueue({ port, target, concurrency = 4, log = () => {} }) {
  const queue = [];
  const stats = { queued: 0, ran: 0, failed: 0, maxWaiting: 0 };
  let active = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });
  const targetUrl = new URL(target);

  const send = (method, url, headers, body, invocationType) =>
    new Promise((resolve, reject) => {
      const h = { ...headers, host: targetUrl.host, 'content-length': String(body.length) };
      if (invocationType) h['x-amz-invocation-type'] = invocationType;
      const req = http.request(
        { host: targetUrl.hostname, port: targetUrl.port, method, path: url, headers: h, agent },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });

  const pump = () => {
    while (active < concurrency && queue.length) {
      const job = queue.shift();
      active += 1;
      send('POST', job.url, job.headers, job.body, 'RequestResponse')
        .then((res) => {
          res.resume();
          stats.ran += 1;
          if (res.headers['x-amz-function-error']) stats.failed += 1;
        })
        .catch((err) => {
          stats.failed += 1;
          log(`invoke queue: ${job.url} failed: ${err.message}`);
        })
        .finally(() => {
          active -= 1;
          pump();
        });
    }
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (
        req.method === 'POST' &&
        INVOKE_PATH.test(req.url ?? '') &&
        String(req.headers['x-amz-invocation-type'] ?? '').toLowerCase() === 'event'
      ) {
        queue.push({ url: req.url, headers: req.headers, body });
        stats.queued += 1;
        stats.maxWaiting = Math.max(stats.maxWaiting, queue.length);
        res.writeHead(202, { 'content-type': 'application/json' }).end();
        pump();
        return;
      }
      send(req.method ?? 'GET', req.url ?? '/', req.headers, body)
        .then((up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        })
        .catch((err) => res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err.message)));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    stats,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
