// The local stand-in for the deployed `eventWriter` Lambda: serverless-offline runs no stream
// triggers, so this process reads DynamoDB Local's stream of the table and hands each poll's
// analytics events (recorded ones, and those derived from inserted message log items: the same
// `eventsFromStream` as the Lambda) to the same writer code (`writeEventBatch`), which PUTs gzip NDJSON objects
// into S3 local. Started by scripts/lib/stack.mjs (`npm run dev` and the test run).
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { eventsFromStream, tableStreamArn, writeEventBatch } from '@bookingbot/common/analytics';

/** How often the stream is read. Deployed, the Lambda batches for up to 60 s; locally 1 s keeps tests quick. */
const POLL_MS = Number(process.env.ANALYTICS_POLL_MS ?? 1000);

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

export async function main(): Promise<void> {
  const endpoint = env('DYNAMODB_ENDPOINT');
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const table = env('TABLE_NAME');
  const bucket = env('EVENT_BUCKET');
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  // The analytics module owns the table's stream (DYNAMODB_ENDPOINT / TABLE_NAME from the env).
  const streamArn = await tableStreamArn();

  /** Open iterators per shard; a shard whose iterator ends (closed and drained) is dropped. */
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  let lastDescribe = 0;
  // Stopping loses nothing: un-acknowledged records are read again from the stream next start.
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => process.exit(0));

  console.log(`event pipeline polling ${table} stream → s3://${bucket}/events/ every ${POLL_MS} ms`);
  for (;;) {
    try {
      if (Date.now() - lastDescribe > 5000 || iterators.size === 0) {
        const stream = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
        for (const shard of stream.StreamDescription?.Shards ?? []) {
          const id = shard.ShardId as string;
          if (iterators.has(id) || finished.has(id)) continue;
          const it = await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: id,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
          );
          if (it.ShardIterator) iterators.set(id, it.ShardIterator);
        }
        lastDescribe = Date.now();
      }
      const records: _Record[] = [];
      const advanced = new Map<string, string | undefined>();
      for (const [id, iterator] of iterators) {
        const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(out.Records ?? []));
        advanced.set(id, out.NextShardIterator);
      }
      const events = eventsFromStream(records);
      // Iterators advance only after the write succeeded: at-least-once, like the Lambda.
      if (events.length) {
        const keys = await writeEventBatch(events, bucket);
        console.log(`wrote ${events.length} event(s) to ${keys.join(', ')}`);
      }
      for (const [id, next] of advanced) {
        if (next) iterators.set(id, next);
        else {
          iterators.delete(id);
          finished.add(id);
        }
      }
    } catch (err) {
      console.error(`event pipeline: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
