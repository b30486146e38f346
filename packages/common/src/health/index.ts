import type { APIGatewayProxyResult } from 'aws-lambda';

/** `GET /health` for every service: public, no I/O, no heavy imports, `{"status":"ok"}`. */
export const healthHandler = async (): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ status: 'ok' }),
});
