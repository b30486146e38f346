// Two loopback servers the benchmark puts around the offline stack, so it observes the services
// without changing a line of them:
// - a DynamoDB proxy in front of DynamoDB Local that asks for `ReturnConsumedCapacity: TOTAL` on
//   every call and books the capacity and the operation count to the flow being measured;
// - a recording fake Graph API (GRAPH_API_URL points at it) that timestamps every Send API call, so
//   a reply's arrival is known to the millisecond instead of by polling.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const CAPACITY_OPS = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
]);

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * The DynamoDB proxy server. `/__bench/flow?name=` names the ledger bucket later calls are booked
 * to (empty = not booked); `GET /__bench/ledger` returns every bucket.
 */
async function serveDynamoProxy({ port, target }) {
  const ledger = {};
  let flow = null;
  const bucket = (name) => {
    ledger[name] ??= { ops: {}, readUnits: 0, writeUnits: 0, calls: 0, errors: 0 };
    return ledger[name];
  };
  const server = http.createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.url.startsWith('/__bench/')) {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/__bench/flow') flow = url.searchParams.get('name') || null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ledger));
      return;
    }
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    const op = amzTarget.split('.')[1] ?? '';
    let body = raw;
    let keyKind = '';
    const booked = CAPACITY_OPS.has(op) && amzTarget.startsWith('DynamoDB_') ? flow : null;
    if (booked) {
      try {
        const json = JSON.parse(raw.toString('utf8'));
        keyKind = keyKindOf(json);
        if (!json.ReturnConsumedCapacity || json.ReturnConsumedCapacity === 'NONE')
          json.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(json));
      } catch {
        // not JSON: forward untouched
      }
    }
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const upstream = http.request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers },
      async (up) => {
        const out = await readBody(up);
        if (booked) {
          const b = bucket(booked);
          b.calls += 1;
          b.ops[op] = (b.ops[op] ?? 0) + 1;
          const k = `${op} ${keyKind}`;
          b.byKey ??= {};
          b.byKey[k] = (b.byKey[k] ?? 0) + 1;
          if (up.statusCode !== 200) b.errors += 1;
          try {
            const json = JSON.parse(out.toString('utf8'));
            const cc = json.ConsumedCapacity ?? null;
            for (const c of [cc ?? []].flat()) {
              b.readUnits += c.ReadCapacityUnits ?? (isWrite(op) ? 0 : (c.CapacityUnits ?? 0));
              b.writeUnits += c.WriteCapacityUnits ?? (isWrite(op) ? (c.CapacityUnits ?? 0) : 0);
            }
            // A refused conditional write still consumes write units (one per item tried).
            if (up.statusCode !== 200 && isWrite(op) && !cc)
              b.writeUnits += op.startsWith('Transact') ? 2 : 1;
          } catch {
            // non-JSON answer: counted as a call only
          }
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.end(out);
      },
    );
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err.message));
    });
    upstream.end(body);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  process.stdout.write('ready\n');
  // Never outlive the benchmark: exit once the parent is gone (re-parented to init).
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(0), 2000).unref();
  server.on('close', () => process.exit(0));
}

/**
 * Starts the DynamoDB proxy in its own process: the benchmark's parent blocks in spawnSync while
 * the stack seeds and while cold starts run, and the proxy must keep answering meanwhile.
 */
export async function startDynamoProxy({ port, target }) {
  const child = spawn(
    process.execPath,
    [import.meta.filename, 'dynamo-proxy', String(port), String(target)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`DynamoDB proxy exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async setFlow(name) {
      await fetch(`${url}/__bench/flow?name=${encodeURIComponent(name ?? '')}`);
    },
    async ledger() {
      return (await fetch(`${url}/__bench/ledger`)).json();
    },
    close() {
      child.kill('SIGTERM');
    },
  };
}

if (process.argv[2] === 'dynamo-proxy')
  await serveDynamoProxy({ port: Number(process.argv[3]), target: Number(process.argv[4]) });

/** What a call touches, for the call-count breakdown: the pk prefix (`USER#…` → `USER`) or the index. */
function keyKindOf(req) {
  const prefix = (v) => String(v ?? '').split(/[#:]/)[0] || '?';
  if (req.Item) return prefix(req.Item.pk?.S);
  if (req.Key) return prefix(req.Key.pk?.S);
  if (req.KeyConditionExpression) {
    const first = Object.values(req.ExpressionAttributeValues ?? {})[0];
    return `${req.IndexName ?? 'table'} ${prefix(first?.S)}`;
  }
  if (req.TransactItems)
    return `[${req.TransactItems.map((t) => {
      const [kind, item] = Object.entries(t)[0];
      return `${kind} ${prefix((item.Item ?? item.Key)?.pk?.S)}`;
    }).join(', ')}]`;
  return '';
}

const isWrite = (op) => /Put|Update|Delete|Write/.test(op);

/** The recording fake Graph API. */
export async function startFakeGraph({ port }) {
  const waiters = new Map(); // psid -> [{resolve, since}]
  const counts = { messages: 0, senderActions: 0, other: 0 };
  const perPsid = new Map(); // psid -> messages received (not sender actions)
  const server = http.createServer(async (req, res) => {
    const at = performance.now();
    const raw = await readBody(req);
    let body = {};
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      // keep {}
    }
    const psid = body.recipient?.id;
    if (req.method === 'POST' && /\/me\/messages$/.test(new URL(req.url, 'http://x').pathname) && psid) {
      if (body.sender_action) counts.senderActions += 1;
      else {
        counts.messages += 1;
        perPsid.set(psid, (perPsid.get(psid) ?? 0) + 1);
        for (const w of waiters.get(psid) ?? []) w.resolve(at);
        waiters.delete(psid);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: psid, message_id: `m_${randomBytes(12).toString('hex')}` }));
      return;
    }
    counts.other += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ success: true, result: 'success', data: [] }));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    /** Resolves with performance.now() of the next message (not a sender action) sent to `psid`, or null. */
    nextMessage(psid, timeoutMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), timeoutMs);
        const list = waiters.get(psid) ?? [];
        list.push({
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        });
        waiters.set(psid, list);
      });
    },
    /** Messages (not sender actions) sent to `psid` so far. */
    messagesTo: (psid) => perPsid.get(psid) ?? 0,
    close: () => new Promise((r) => server.close(r)),
  };
}
