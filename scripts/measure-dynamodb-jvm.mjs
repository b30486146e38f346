// DynamoDB Local's own CPU with the JVM's defaults and with the flags the local stack starts it
// with (scripts/lib/stack.mjs DYNAMODB_JVM_FLAGS), interleaved: for each JVM, the CPU of its
// start, then of two rounds of the same calls (Put, Get, Update, Query on the stack's table shape,
// 4 clients at once): the first round is what a fresh stack sees, the second a warmed one.
// Read from /proc (java's utime + stime), so other load on the machine moves it little.
//   node scripts/measure-dynamodb-jvm.mjs            (MEASURE_ROUNDS=2, MEASURE_CALLS=1500)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { resolvePorts } from './lib/ports.mjs';
import { createTables } from './lib/resources.mjs';
import { DYNAMO_DIR, DYNAMODB_JVM_FLAGS } from './lib/stack.mjs';

const rounds = Number(process.env.MEASURE_ROUNDS ?? 2);
const calls = Number(process.env.MEASURE_CALLS ?? 1500);
const port = resolvePorts({}, Number(process.env.TEST_PORT_OFFSET ?? 27000)).DYNAMODB_PORT;
const TABLE_NAME = 'bookingbot-measure-main';
const ticks = 100; // USER_HZ on Linux

/** CPU milliseconds a process has used (user + system). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
}

async function measure(flags) {
  const java = spawn(
    'java',
    [
      ...flags,
      `-Djava.library.path=${path.join(DYNAMO_DIR, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(DYNAMO_DIR, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: 'ignore' },
  );
  try {
    const endpoint = `http://127.0.0.1:${port}`;
    for (let up = false; !up; ) {
      up = await fetch(endpoint).then(
        () => true,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    const startCpu = cpuMs(java.pid);
    await createTables({ DYNAMODB_ENDPOINT: endpoint, AWS_REGION: 'us-east-1', TABLE_NAME });
    const db = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const key = (i) => ({ pk: { S: `MEASURE#${i % 50}` }, sk: { S: `ITEM#${i}` } });
    const one = async (i) => {
      await db.send(
        new PutItemCommand({
          TableName: TABLE_NAME,
          Item: { ...key(i), body: { S: 'x'.repeat(300) }, n: { N: '0' } },
        }),
      );
      await db.send(new GetItemCommand({ TableName: TABLE_NAME, Key: key(i) }));
      await db.send(
        new UpdateItemCommand({
          TableName: TABLE_NAME,
          Key: key(i),
          UpdateExpression: 'SET n = n + :one',
          ExpressionAttributeValues: { ':one': { N: '1' } },
        }),
      );
      await db.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': key(i).pk },
          ScanIndexForward: false,
          Limit: 10,
        }),
      );
    };
    const perCall = [];
    for (let r = 0; r < rounds; r++) {
      const before = cpuMs(java.pid);
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < calls) await one(next++);
        }),
      );
      perCall.push(Number(((cpuMs(java.pid) - before) / (calls * 4)).toFixed(2)));
    }
    db.destroy();
    return { startCpuMs: startCpu, cpuMsPerCall: perCall };
  } finally {
    java.kill();
    await new Promise((r) => java.once('exit', r));
  }
}

const variants = [
  ['JVM defaults', []],
  [DYNAMODB_JVM_FLAGS.join(' '), DYNAMODB_JVM_FLAGS],
];
for (let pass = 0; pass < 2; pass++)
  for (const [name, flags] of variants) {
    const r = await measure(flags);
    console.log(
      `${name.padEnd(44)} start ${String(r.startCpuMs).padStart(5)} ms CPU; per call, round by round: ${r.cpuMsPerCall.join(' → ')} ms CPU`,
    );
  }
