/**
 * Every HTTP route of messenger-webhook, declared once (see services/user-api/src/routes.ts for the
 * shape): the infra plugin makes one Lambda function per entry, `GET /openapi.json` is generated
 * from these schemas. The worker, the reminders and the replay are not routes: serverless.yml.
 */
import { health, openapi, type RouteTable, route } from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';

export { health, openapi };

export const verify = route({
  name: 'verify',
  method: 'GET',
  path: '/webhook',
  access: 'signature',
  handler: 'src/functions/verify/handler.handler',
  summary: "Meta's subscription handshake: echoes hub.challenge when hub.verify_token matches",
  schemas: () => ({
    query: z.object({
      'hub.mode': z.literal('subscribe'),
      'hub.verify_token': z.string().check(z.minLength(1), z.maxLength(256)),
      'hub.challenge': z.string().check(z.minLength(1), z.maxLength(256)),
    }),
    responses: { 200: z.string() },
  }),
  contentType: 'text/plain',
  description: 'Meta webhook subscription handshake (hub.verify_token)',
  environment: { MESSENGER_VERIFY_TOKEN_PARAM: 'param:verifyTokenParam' },
  iam: [{ actions: ['ssm:GetParameter'], resources: ['custom:verifyTokenArn'] }],
});

export const receive = route({
  name: 'receive',
  method: 'POST',
  path: '/webhook',
  access: 'signature',
  handler: 'src/functions/receive/handler.handler',
  summary: 'Signed Page webhook (X-Hub-Signature-256): hands the events to the worker, answers at once',
  schemas: () => ({
    body: z.looseObject({
      object: z.literal('page'),
      entry: z.array(z.looseObject({ id: z.string() })).check(z.maxLength(1000)),
    }),
    responses: { 200: z.object({ received: z.literal(true) }) },
  }),
  description: 'Signed webhook POST; verifies X-Hub-Signature-256 and hands events to the worker',
  // No throttle of its own: Meta redelivers throttled events late, so the webhook gets the stage's.
  memorySize: 256,
  timeout: 5,
  environment: {
    MESSENGER_APP_SECRET_PARAM: 'param:appSecretParam',
    WORKER_FUNCTION_NAME: 'custom:workerName',
  },
  iam: [
    { actions: ['ssm:GetParameter'], resources: ['custom:appSecretArn'] },
    { actions: ['lambda:InvokeFunction'], resources: ['custom:workerArn'] },
  ],
});

export const routeTable: RouteTable = {
  service: 'messenger-webhook',
  title: 'bookingbot messenger-webhook',
  description: "Messenger webhook: Meta's handshake and signed event deliveries.",
  throttle: { rate: 200, burst: 400 },
  routes: [health, openapi, verify, receive],
};
