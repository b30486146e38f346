'use strict';
/**
 * Under `serverless offline` only: which of the service's functions this offline process serves.
 * The local stack (scripts/lib/stack.mjs) runs the webhook's worker, reminders and replay in a
 * process of their own, so the worker's invoke endpoint has its own event loop and never waits
 * behind webhook HTTP requests; serverless-offline itself has no option to serve some functions.
 *
 *   OFFLINE_FUNCTIONS=worker,reminders,replay       serve only these
 *   OFFLINE_SKIP_FUNCTIONS=worker,reminders,replay  serve all but these
 *
 * Applied at `initialize`, before serverless-esbuild bundles and before serverless-offline reads
 * the functions, so a process neither builds nor schedules what it does not serve (the reminders'
 * schedule runs in exactly one process). A name that is not a function of the service is an error
 * (a typo would otherwise serve everything twice). Returns the names removed.
 */
function selectOfflineFunctions(service, env = process.env) {
  const list = (value) =>
    value === undefined || value.trim() === ''
      ? undefined
      : value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  const only = list(env.OFFLINE_FUNCTIONS);
  const skip = list(env.OFFLINE_SKIP_FUNCTIONS);
  if (!only && !skip) return [];
  const names = Object.keys(service.functions ?? {});
  const unknown = [...(only ?? []), ...(skip ?? [])].filter((n) => !names.includes(n));
  if (unknown.length)
    throw new Error(
      `OFFLINE_FUNCTIONS / OFFLINE_SKIP_FUNCTIONS name no function of ${service.service}: ${unknown.join(', ')}`,
    );
  const removed = names.filter((n) => (only && !only.includes(n)) || skip?.includes(n));
  for (const n of removed) delete service.functions[n];
  return removed;
}

module.exports = { selectOfflineFunctions };
