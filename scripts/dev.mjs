// `npm run dev`: the whole local stack in one command. Ctrl-C stops every child process.
import { LocalStack, StackError } from './lib/stack.mjs';
import { buildWebApp } from './lib/web-server.mjs';

// Ten warm threads for the webhook's receive and worker: a few testers chatting at once never
// wait for a cold bundle load (scripts/lib/stack.mjs, "Why the stack warms").
const stack = new LocalStack({
  echo: process.env.DEV_ECHO !== '0',
  warmWebhook: Number(process.env.LOCAL_WARM_WEBHOOK ?? 10),
});
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the local stack…');
  await stack.stop();
  console.log('All processes stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  const started = Date.now();
  if (!buildWebApp({ quiet: true })) throw new StackError('The web app build failed (see above).');
  console.log('Starting the local stack (DynamoDB Local, SES local, S3 local, simulator, 4 services)…');
  await stack.start();
  const rows = Object.entries(stack.urls()).map(([k, v]) => `  ${k.padEnd(22)} ${v}`);
  console.log(`\n✔ Local stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n${rows.join('\n')}`);
  console.log(`\n  Logs: .local/logs/*.log · Admin email: ${stack.env.ADMIN_EMAILS} · Ctrl-C to stop\n`);
} catch (err) {
  console.error(`\n✖ ${err instanceof StackError ? err.message : (err?.stack ?? err)}`);
  await shutdown(1);
}
