// The environment every local process gets: endpoints of the local stand-ins and documented
// development defaults for values that come from SSM per stage when deployed (README "Configuration").
// Any variable already set in the caller's environment wins, so outside tools can inject their own.
export function localEnv(ports, env = process.env) {
  const pick = (name, fallback) => env[name] ?? fallback;
  return {
    STAGE: 'local',
    AWS_REGION: pick('AWS_REGION', 'us-east-1'),
    AWS_ACCESS_KEY_ID: pick('AWS_ACCESS_KEY_ID', 'local'),
    AWS_SECRET_ACCESS_KEY: pick('AWS_SECRET_ACCESS_KEY', 'local'),
    TABLE_NAME: pick('TABLE_NAME', 'bookingbot-local-main'),
    EVENT_BUCKET: pick('EVENT_BUCKET', 'bookingbot-local-events'),
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    SES_ENDPOINT: `http://127.0.0.1:${ports.SES_PORT}`,
    S3_ENDPOINT: `http://127.0.0.1:${ports.S3_PORT}`,
    AUTH_URL: `http://127.0.0.1:${ports.AUTH_PORT}`,
    USER_API_URL: `http://127.0.0.1:${ports.USER_API_PORT}`,
    ADMIN_API_URL: `http://127.0.0.1:${ports.ADMIN_API_PORT}`,
    WEBHOOK_URL: `http://127.0.0.1:${ports.MESSENGER_PORT}/webhook`,
    MESSENGER_LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.MESSENGER_LAMBDA_PORT}`,
    GRAPH_API_URL: pick('GRAPH_API_URL', `http://127.0.0.1:${ports.SIMULATOR_PORT}`),
    GRAPH_API_VERSION: pick('GRAPH_API_VERSION', 'v23.0'),
    // Development-only values: deployed stages read these from SSM SecureString parameters.
    MESSENGER_APP_SECRET: pick('MESSENGER_APP_SECRET', 'local-dev-app-secret-change-me'),
    MESSENGER_VERIFY_TOKEN: pick('MESSENGER_VERIFY_TOKEN', 'local-dev-verify-token'),
    MESSENGER_PAGE_ACCESS_TOKEN: pick('MESSENGER_PAGE_ACCESS_TOKEN', 'local-dev-page-token'),
    MESSENGER_PAGE_ID: pick('MESSENGER_PAGE_ID', '104582931234567'),
    ADMIN_EMAILS: pick('ADMIN_EMAILS', 'admin@example.com'),
    SES_FROM: pick('SES_FROM', 'Bookingbot <no-reply@bookingbot.local>'),
    LOG_LEVEL: pick('LOG_LEVEL', 'INFO'),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
}
