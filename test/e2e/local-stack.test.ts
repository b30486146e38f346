/**
 * The local stack's messenger-webhook runs as two serverless-offline processes (scripts/lib/stack.mjs,
 * "Why the worker has a process of its own"): the webhook's HTTP functions on MESSENGER_LAMBDA_PORT,
 * and worker, reminders (its schedule) and replay on MESSENGER_WORKER_LAMBDA_PORT. The webhook hands
 * events to the async-invoke queue in front of it (MESSENGER_LAMBDA_ENDPOINT =
 * MESSENGER_INVOKE_QUEUE_PORT, scripts/lib/invoke-queue.mjs). Each function is in exactly one process.
 */
const fn = (name: string) => `bookingbot-messenger-webhook-local-${name}`;

async function invoke(port: string | undefined, name: string, event: unknown, type = 'RequestResponse') {
  const res = await fetch(`http://127.0.0.1:${port}/2015-03-31/functions/${fn(name)}/invocations`, {
    method: 'POST',
    headers: { 'x-amz-invocation-type': type },
    body: JSON.stringify(event),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the local messenger-webhook processes', () => {
  const webhook = process.env.MESSENGER_LAMBDA_PORT;
  const worker = process.env.MESSENGER_WORKER_LAMBDA_PORT;
  // An empty Page batch: the worker has nothing to do (the stack's own warm-up event).
  const emptyBatch = { body: { object: 'page', entry: [] }, receivedAt: Date.now(), correlationId: 'e2e' };

  const queue = process.env.MESSENGER_INVOKE_QUEUE_PORT;

  it('It should hand the webhook events to the invoke queue in front of the worker process', () => {
    expect(process.env.MESSENGER_LAMBDA_ENDPOINT).toBe(`http://127.0.0.1:${queue}`);
    expect(worker).not.toBe(webhook);
  });

  it('It should accept an Event invoke at the queue with 202 and pass other invokes through to the worker', async () => {
    expect(await invoke(queue, 'worker', emptyBatch, 'Event')).toBe(202);
    expect(await invoke(queue, 'worker', emptyBatch)).toBe(200);
    expect(await invoke(queue, 'receive', {})).toBe(404);
  });

  it('It should serve the worker only in the worker process', async () => {
    expect(await invoke(worker, 'worker', emptyBatch)).toBe(200);
    expect(await invoke(webhook, 'worker', emptyBatch)).toBe(404);
  });

  it('It should serve reminders and replay only in the worker process, and the HTTP functions only in the webhook one', async () => {
    // Unknown functions are refused before any handler runs, so nothing here sends a reminder.
    expect(await invoke(webhook, 'reminders', {})).toBe(404);
    expect(await invoke(webhook, 'replay', {})).toBe(404);
    expect(await invoke(worker, 'health', {})).toBe(404);
    expect(await invoke(worker, 'receive', {})).toBe(404);
  });
});
