// Every port of the local stack, overridable by environment variable (README "Ports").
export const PORT_DEFAULTS = {
  DYNAMODB_PORT: 8000,
  SES_PORT: 8005,
  S3_PORT: 4569,
  AUTH_PORT: 4001,
  MESSENGER_PORT: 4002,
  USER_API_PORT: 4003,
  ADMIN_API_PORT: 4004,
  SIMULATOR_PORT: 4010,
  WEB_PORT: 4020,
  AUTH_LAMBDA_PORT: 4101,
  MESSENGER_LAMBDA_PORT: 4102,
  USER_API_LAMBDA_PORT: 4103,
  ADMIN_API_LAMBDA_PORT: 4104,
  // messenger-webhook's worker, reminders and replay in a process of their own (scripts/lib/stack.mjs).
  MESSENGER_WORKER_LAMBDA_PORT: 4105,
  // Lambda's async-invoke queue in front of it, where `receive` hands events (scripts/lib/invoke-queue.mjs).
  MESSENGER_INVOKE_QUEUE_PORT: 4106,
  AUTH_WS_PORT: 4201,
  MESSENGER_WS_PORT: 4202,
  USER_API_WS_PORT: 4203,
  ADMIN_API_WS_PORT: 4204,
};

/** Ports from the environment (or defaults), optionally shifted by `offset` (the test run uses +10000). */
export function resolvePorts(env = process.env, offset = 0) {
  const ports = {};
  for (const [name, def] of Object.entries(PORT_DEFAULTS)) {
    ports[name] = env[name] ? Number(env[name]) : def + offset;
  }
  return ports;
}
