// DynamoDB calls and write units per inbound text message in the webhook worker, without the
// whole bench: DynamoDB Local, S3 local, SES local and the event pipeline (no HTTP services), the
// bench's measuring DynamoDB proxy (ReturnConsumedCapacity: TOTAL) and its fake Graph API, and the
// real worker handler run in process (scripts/measure-writes-worker.ts) with the bench webhook
// flow's messages. Prints calls and units per message, by operation and key prefix.
//   TEST_PORT_OFFSET=24000 MEASURE_USERS=5 MEASURE_TURNS=4 node scripts/measure-writes.mjs
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { startDynamoProxy, startFakeGraph } from '../bench/lib/observers.mjs';
import { resolvePorts } from './lib/ports.mjs';
import { LOCAL_DIR, LocalStack, ROOT } from './lib/stack.mjs';

const offset = Number(process.env.TEST_PORT_OFFSET ?? 10000);
const ports = resolvePorts({}, offset);
const dynamo = await startDynamoProxy({ port: ports.DYNAMODB_PORT + 50, target: ports.DYNAMODB_PORT });
const graph = await startFakeGraph({ port: ports.SIMULATOR_PORT + 40 });
const stack = new LocalStack({
  ports,
  logDir: path.join(LOCAL_DIR, `measure-writes-${offset}`),
  env: { DYNAMODB_ENDPOINT: dynamo.url, GRAPH_API_URL: graph.url },
});
let code = 1;
try {
  await stack.start({ services: false });
  // Asynchronous: the fake Graph API answers from this process's event loop.
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/run-ts.mjs'), 'scripts/measure-writes-worker.ts'],
    {
      cwd: ROOT,
      env: { ...process.env, ...stack.env, MEASURE_PROXY_URL: dynamo.url, LOG_LEVEL: 'WARN' },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const [exit] = await once(child, 'exit');
  if (exit !== 0) throw new Error(`worker driver failed (exit ${exit}):\n${stderr.slice(-2000)}`);
  const r = { stdout };
  const { messages } = JSON.parse(r.stdout.trim().split('\n').at(-1));
  const b = (await dynamo.ledger())['worker-text'];
  const per = (n) => Number((n / messages).toFixed(2));
  console.log(`inbound text messages: ${messages} (Graph messages sent: ${graph.counts.messages})`);
  console.log(
    `per message: ${per(b.calls)} calls, ${per(b.writeUnits)} WU, ${per(b.readUnits)} RU, errors ${b.errors}`,
  );
  for (const [k, n] of Object.entries(b.byKey).sort()) console.log(`  ${k.padEnd(20)} ${per(n)}`);
  code = 0;
} catch (err) {
  console.error(err);
} finally {
  await stack.stop();
  dynamo.close();
  await graph.close();
}
process.exit(code);
