// `--stage local`: the same checks against the local stack (`npm run dev`, or the env a test stack
// exports): the services under serverless-offline, SES local and the Messenger simulator. Checks with
// no local counterpart (SES identity and production access, the SNS subscription) are skipped with
// the reason, never reported as ✓.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { jwksCheck } from './common.mjs';
import { messengerChecks } from './messenger.mjs';
import { fail, guarded, pass, skip } from './report.mjs';

/** Local values standing in for the SSM parameters (scripts/lib/env.mjs: dev defaults or overrides). */
export const LOCAL_SECRETS = [
  'MESSENGER_APP_SECRET',
  'MESSENGER_PAGE_ACCESS_TOKEN',
  'MESSENGER_VERIFY_TOKEN',
  'MESSENGER_PAGE_ID',
  'OTP_PEPPER',
  'REFRESH_TOKEN_PEPPER',
  'JWT_PRIVATE_JWKS',
];

export async function localChecks({ env, sendTest }) {
  const results = [];
  results.push(skip('aws.credentials', 'AWS credentials and region', 'local: no AWS account is used'));
  const missing = LOCAL_SECRETS.filter((n) => !env[n]);
  results.push(
    missing.length
      ? fail(
          'ssm.parameters',
          'Secrets set (locally: the dev values)',
          `${missing.join(', ')} not set`,
          'Start the stack with `npm run dev` (it generates the dev values) or set them in the environment.',
          'local',
        )
      : pass(
          'ssm.parameters',
          'Secrets set (locally: the dev values)',
          `${LOCAL_SECRETS.length} values from the local env (SSM when deployed)`,
        ),
  );
  const services = {
    'auth-otp': env.AUTH_URL,
    'messenger-webhook': env.WEBHOOK_URL && new URL(env.WEBHOOK_URL).origin,
    'user-api': env.USER_API_URL,
    'admin-api': env.ADMIN_API_URL,
    'Messenger simulator': env.GRAPH_API_URL,
  };
  // The webhook's worker runs in a serverless-offline process of its own with only a Lambda invoke
  // endpoint (no /health): up when that endpoint answers at all (its Hapi server says 404 to a GET).
  const endpoints = { 'messenger-webhook worker': env.MESSENGER_LAMBDA_ENDPOINT };
  results.push(
    await guarded(
      'stacks',
      'Services running (locally: /health of each)',
      'local',
      'Start the local stack with `npm run dev`.',
      async () => {
        const down = [];
        for (const [name, base] of Object.entries(services)) {
          const ok =
            base &&
            (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) }).then(
              (r) => r.status === 200,
              () => false,
            ));
          if (!ok) down.push(`${name} (${base ?? 'no URL'})`);
        }
        for (const [name, base] of Object.entries(endpoints)) {
          const ok =
            base &&
            (await fetch(base, { signal: AbortSignal.timeout(5000) }).then(
              (r) => r.status > 0,
              () => false,
            ));
          if (!ok) down.push(`${name} (${base ?? 'no URL'})`);
        }
        if (down.length)
          return fail(
            'stacks',
            'Services running (locally: /health of each)',
            `not answering: ${down.join(', ')}`,
            'Start the local stack with `npm run dev`.',
            'local',
          );
        return pass(
          'stacks',
          'Services running (locally: /health of each)',
          [...Object.keys(services), ...Object.keys(endpoints)].join(', '),
        );
      },
    ),
  );
  results.push(
    await guarded(
      'ses.identity',
      'SES local answers',
      'local',
      'Start the local stack with `npm run dev` (SES local on SES_PORT).',
      async () => {
        const res = await fetch(`${env.SES_ENDPOINT}/store`, { signal: AbortSignal.timeout(5000) });
        if (res.status !== 200)
          return fail(
            'ses.identity',
            'SES local answers',
            `GET ${env.SES_ENDPOINT}/store answered ${res.status}`,
            'Start the local stack with `npm run dev`.',
            'local',
          );
        return pass(
          'ses.identity',
          'SES local answers',
          `${env.SES_ENDPOINT} (identities and DKIM have no local counterpart: SES local accepts any sender)`,
        );
      },
    ),
  );
  results.push(
    skip('ses.production', 'SES production access (out of the sandbox)', 'local: SES local has no sandbox'),
  );
  const ses = new SESv2Client({
    endpoint: env.SES_ENDPOINT,
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  });
  results.push(await localSendTest({ ses, env, sendTest }));
  results.push(
    skip('alarms.subscription', 'Alarm topic has a confirmed subscription', 'local: no SNS topic locally'),
  );
  results.push(
    await jwksCheck(env.AUTH_URL && `${env.AUTH_URL}/.well-known/jwks.json`, {
      fix: 'Start the local stack with `npm run dev` (auth-otp serves the keys).',
      anchor: 'local',
    }),
  );
  results.push(
    ...(await messengerChecks({
      graphUrl: env.GRAPH_API_URL,
      graphVersion: env.GRAPH_API_VERSION ?? 'v23.0',
      pageToken: env.MESSENGER_PAGE_ACCESS_TOKEN ?? '',
      appSecret: env.MESSENGER_APP_SECRET ?? '',
      verifyToken: env.MESSENGER_VERIFY_TOKEN ?? '',
      pageId: env.MESSENGER_PAGE_ID ?? '',
      webhookUrl: env.WEBHOOK_URL,
    })),
  );
  return results;
}

/** Locally the test e-mail is sent to SES local and then looked up in its store. */
function localSendTest({ ses, env, sendTest }) {
  const id = 'ses.sendTest';
  const title = 'SES test e-mail to the staff address';
  if (!sendTest) return Promise.resolve(skip(id, title, 'pass --send-test to send one'));
  const to = (env.ADMIN_EMAILS ?? '').split(',')[0]?.trim();
  return guarded(id, title, 'local', 'Start the local stack with `npm run dev`.', async () => {
    if (!to)
      return fail(id, title, 'ADMIN_EMAILS not set', 'Set ADMIN_EMAILS to the staff address.', 'local');
    const subject = `bookingbot doctor: test e-mail ${Date.now()}`;
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: env.SES_FROM ?? 'no-reply@bookingbot.local',
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Sent by npm run doctor.' } } },
        },
      }),
    );
    const store = await (await fetch(`${env.SES_ENDPOINT}/store`)).json();
    const found = (store.emails ?? []).some((m) => m.subject === subject);
    if (!found)
      return fail(
        id,
        title,
        `SES local accepted it (${out.MessageId}) but its inbox does not show it`,
        'Check .local/logs/ses.log.',
        'local',
      );
    return pass(id, title, `delivered to ${to} in SES local (${env.SES_ENDPOINT})`);
  });
}
