// The deployed-stage checks: AWS credentials, SSM parameters, stacks, SES, the alarm topic, JWKS and
// (through messenger.mjs) the Page. Read-only except `--send-test` (one e-mail to the staff address).
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  SESv2Client,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { jwksCheck } from './common.mjs';
import { messengerChecks } from './messenger.mjs';
import { fail, guarded, pass } from './report.mjs';

/** The services' stacks, in deploy order (serverless-compose.yml). */
export const SERVICES = ['data', 'auth-otp', 'messenger-webhook', 'user-api', 'admin-api'];

/**
 * Every SSM parameter the services read (serverless.yml `params`, docs/operations.md), and whether it
 * must be a SecureString. Stack outputs (`…/api-url`, …) are written by the ops plugin and checked
 * with the stacks.
 */
export function ssmParameters(stage) {
  const p = `/bookingbot/${stage}`;
  return [
    { name: `${p}/messenger/app-secret`, secure: true },
    { name: `${p}/messenger/page-access-token`, secure: true },
    { name: `${p}/messenger/verify-token`, secure: true },
    { name: `${p}/messenger/page-id`, secure: false },
    { name: `${p}/auth/otp-pepper`, secure: true },
    { name: `${p}/auth/refresh-token-pepper`, secure: true },
    { name: `${p}/auth/jwt-private-jwks`, secure: true },
  ];
}

/** Outputs the other checks read, written to SSM by the ops plugin after each deploy. */
export const outputParameters = (stage) => ({
  authApiUrl: `/bookingbot/${stage}/auth-otp/api-url`,
  webhookUrl: `/bookingbot/${stage}/messenger-webhook/webhook-url`,
  alarmTopicArn: `/bookingbot/${stage}/data/alarm-topic-arn`,
});

/**
 * A value someone meant to replace: the docs' `…`, `<…>`, "changeme", "TODO", the local dev defaults
 * (`local-dev-…`), or too short to be a secret.
 */
export function placeholderReason(name, value, secure) {
  const v = value.trim();
  if (!v) return 'empty';
  if (
    /^(…|\.\.\.|x+|todo|tbd|changeme|change-me|change_me|placeholder|replace-?me|dummy|secret|none|null)$/i.test(
      v,
    )
  )
    return 'a placeholder';
  if (/^<.*>$/.test(v) || v.includes('…')) return 'a placeholder';
  if (/local-dev|change-me|example/i.test(v)) return 'a development default';
  if (secure && v.length < 16) return `too short for a secret (${v.length} characters)`;
  if (name.endsWith('/page-id') && !/^\d+$/.test(v)) return 'not a numeric Page id';
  if (name.endsWith('/jwt-private-jwks')) {
    try {
      if (!Array.isArray(JSON.parse(v).keys)) return 'not a JWKS (no keys)';
    } catch {
      return 'not JSON';
    }
  }
  return undefined;
}

/** `Name <a@b>` or `a@b` → `a@b`. */
export const address = (from) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();

/** The AWS clients the checks use; tests pass fakes with the same `send(command)`. */
export function awsClients(region) {
  const opts = { region };
  return {
    sts: new STSClient(opts),
    ssm: new SSMClient(opts),
    cfn: new CloudFormationClient(opts),
    lambda: new LambdaClient(opts),
    ses: new SESv2Client(opts),
    sns: new SNSClient(opts),
  };
}

export async function deployedChecks({ stage, region, sendTest, env = process.env, clients }) {
  const results = [];
  const ids = {
    id: 'aws.credentials',
    title: 'AWS credentials and region',
  };
  if (!region) {
    results.push(
      fail(
        ids.id,
        ids.title,
        'no region (AWS_REGION or --region)',
        "Set AWS_REGION to the stage's region or pass --region.",
        'aws-account',
      ),
    );
    return results;
  }
  const aws = clients ?? awsClients(region);
  const who = await guarded(
    ids.id,
    ids.title,
    'aws-account',
    "Configure credentials for the stage's account (AWS_PROFILE, or the CI role).",
    async () => {
      const me = await aws.sts.send(new GetCallerIdentityCommand({}));
      return pass(ids.id, ids.title, `account ${me.Account}, region ${region}, as ${me.Arn}`);
    },
  );
  results.push(who);
  if (who.status === 'fail') return results; // nothing else can be read

  const ssm = aws.ssm;
  const wanted = ssmParameters(stage);
  const outputs = outputParameters(stage);
  const values = new Map();
  const params = await guarded(
    'ssm.parameters',
    'SSM parameters set (SecureString where secret), none a placeholder',
    'ssm-parameters',
    'Set them with `npm run ssm:params -- --stage <stage>`.',
    async () => {
      const names = [...wanted.map((w) => w.name), ...Object.values(outputs)];
      for (let i = 0; i < names.length; i += 10) {
        const out = await ssm.send(
          new GetParametersCommand({ Names: names.slice(i, i + 10), WithDecryption: true }),
        );
        for (const p of out.Parameters ?? []) values.set(p.Name, { type: p.Type, value: p.Value ?? '' });
      }
      const problems = [];
      for (const w of wanted) {
        const got = values.get(w.name);
        if (!got) problems.push(`${w.name} missing`);
        else if (w.secure && got.type !== 'SecureString')
          problems.push(`${w.name} is a ${got.type}, not a SecureString`);
        else {
          const why = placeholderReason(w.name, got.value, w.secure);
          if (why) problems.push(`${w.name} is ${why}`);
        }
      }
      if (problems.length)
        return fail(
          'ssm.parameters',
          'SSM parameters set (SecureString where secret), none a placeholder',
          problems.join('; '),
          'Set them with `npm run ssm:params -- --stage <stage>` (values are never echoed).',
          'ssm-parameters',
        );
      return pass(
        'ssm.parameters',
        'SSM parameters set (SecureString where secret), none a placeholder',
        `${wanted.length} parameters under /bookingbot/${stage}/`,
      );
    },
  );
  results.push(params);

  results.push(
    await guarded(
      'stacks',
      'Stacks deployed with their outputs',
      'deploy',
      'Deploy the missing stacks in order: data, auth-otp, messenger-webhook, user-api, admin-api.',
      async () => {
        const cfn = aws.cfn;
        const problems = [];
        const seen = [];
        for (const svc of SERVICES) {
          const name = `bookingbot-${svc}-${stage}`;
          try {
            const out = await cfn.send(new DescribeStacksCommand({ StackName: name }));
            const st = out.Stacks?.[0];
            if (!st || !/_COMPLETE$/.test(st.StackStatus ?? '') || /ROLLBACK/.test(st.StackStatus ?? ''))
              problems.push(`${name} is ${st?.StackStatus ?? 'missing'}`);
            else if (!(st.Outputs ?? []).length) problems.push(`${name} has no outputs`);
            else seen.push(`${svc} (${st.Outputs.length} outputs)`);
          } catch (err) {
            problems.push(
              /does not exist/.test(err.message) ? `${name} not deployed` : `${name}: ${err.message}`,
            );
          }
        }
        for (const [what, name] of Object.entries(outputs))
          if (!values.has(name)) problems.push(`output ${name} (${what}) missing in SSM`);
        if (problems.length)
          return fail(
            'stacks',
            'Stacks deployed with their outputs',
            problems.join('; '),
            'Deploy the missing stacks in order: `npm run deploy -- --service <name> --stage <stage>` for data, auth-otp, messenger-webhook, user-api, admin-api.',
            'deploy',
          );
        return pass('stacks', 'Stacks deployed with their outputs', seen.join(', '));
      },
    ),
  );

  // The sender and staff address the deployed auth-otp functions use (env wins, as at deploy time).
  const mail = await deployedMailSettings({ stage, aws, env });
  results.push(...(await sesChecks({ ses: aws.ses, mail, sendTest, stage })));

  results.push(
    await guarded(
      'alarms.subscription',
      'Alarm topic has a confirmed subscription',
      'alarms',
      'Deploy data with ALARM_EMAIL=<address> and click the link in the mail AWS sends.',
      async () => {
        const arn = values.get(outputs.alarmTopicArn)?.value;
        if (!arn)
          return fail(
            'alarms.subscription',
            'Alarm topic has a confirmed subscription',
            `${outputs.alarmTopicArn} missing (data stack not deployed?)`,
            'Deploy data with ALARM_EMAIL=<address> and confirm the subscription mail.',
            'alarms',
          );
        const subs =
          (await aws.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }))).Subscriptions ?? [];
        const confirmed = subs.filter((s) => s.SubscriptionArn?.startsWith('arn:'));
        if (!confirmed.length)
          return fail(
            'alarms.subscription',
            'Alarm topic has a confirmed subscription',
            subs.length
              ? `${subs.length} subscription(s), none confirmed (PendingConfirmation)`
              : 'no subscription',
            'Deploy data with ALARM_EMAIL=<address> and click the link in the mail AWS sends.',
            'alarms',
          );
        return pass(
          'alarms.subscription',
          'Alarm topic has a confirmed subscription',
          confirmed.map((s) => `${s.Protocol}:${s.Endpoint}`).join(', '),
        );
      },
    ),
  );

  const authUrl = values.get(outputs.authApiUrl)?.value;
  results.push(await jwksCheck(authUrl ? `${authUrl.replace(/\/$/, '')}/.well-known/jwks.json` : undefined));

  const secret = (suffix) => values.get(`/bookingbot/${stage}/messenger/${suffix}`)?.value ?? '';
  results.push(
    ...(await messengerChecks({
      graphUrl: env.GRAPH_API_URL ?? 'https://graph.facebook.com',
      graphVersion: env.GRAPH_API_VERSION ?? 'v23.0',
      pageToken: secret('page-access-token'),
      appSecret: secret('app-secret'),
      verifyToken: secret('verify-token'),
      pageId: secret('page-id'),
      webhookUrl: values.get(outputs.webhookUrl)?.value ?? 'https://invalid.invalid/webhook',
    })),
  );
  return results;
}

/** SES_FROM / ADMIN_EMAILS: the environment when set, else what the deployed auth-otp functions run with. */
async function deployedMailSettings({ stage, aws, env }) {
  const found = { from: env.SES_FROM, staff: env.ADMIN_EMAILS };
  if (found.from && found.staff) return found;
  try {
    const { cfn, lambda } = aws;
    const res = await cfn.send(
      new DescribeStackResourcesCommand({ StackName: `bookingbot-auth-otp-${stage}` }),
    );
    for (const r of res.StackResources ?? []) {
      if (r.ResourceType !== 'AWS::Lambda::Function' || !r.PhysicalResourceId) continue;
      const fn = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: r.PhysicalResourceId }),
      );
      const vars = fn.Environment?.Variables ?? {};
      found.from ??= vars.SES_FROM;
      found.staff ??= vars.ADMIN_EMAILS || undefined;
      if (found.from && found.staff) break;
    }
  } catch {
    // reported by the SES checks as "sender unknown"
  }
  return found;
}

export async function sesChecks({ ses, mail, sendTest, stage }) {
  const out = [];
  const from = mail.from ? address(mail.from) : undefined;
  const domain = from?.split('@')[1];
  out.push(
    await guarded(
      'ses.identity',
      'SES sender identity verified (with DKIM)',
      'ses',
      'Verify the sender domain in SES (Identities → Create identity → Domain, Easy DKIM) and publish its DNS records.',
      async () => {
        if (!from)
          return fail(
            'ses.identity',
            'SES sender identity verified (with DKIM)',
            'sender unknown: SES_FROM not set and not readable from the auth-otp functions',
            'Deploy auth-otp with SES_FROM set to an address of a verified domain.',
            'ses',
          );
        let identity;
        let name = domain;
        try {
          identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: domain }));
        } catch (err) {
          if (err.name !== 'NotFoundException') throw err;
          name = from;
          identity = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: from })).catch((e) => {
            if (e.name === 'NotFoundException') return undefined;
            throw e;
          });
        }
        if (!identity)
          return fail(
            'ses.identity',
            'SES sender identity verified (with DKIM)',
            `neither ${domain} nor ${from} is an SES identity`,
            'Create the domain identity in SES with Easy DKIM and publish its three CNAME records.',
            'ses',
          );
        if (!identity.VerifiedForSendingStatus)
          return fail(
            'ses.identity',
            'SES sender identity verified (with DKIM)',
            `${name} is not verified yet`,
            'Publish the DNS records SES shows for the identity and wait for "Verified".',
            'ses',
          );
        const dkim = identity.DkimAttributes?.Status;
        if (dkim !== 'SUCCESS')
          return fail(
            'ses.identity',
            'SES sender identity verified (with DKIM)',
            `${name} verified, DKIM ${dkim ?? 'not set up'}`,
            'Publish the three Easy DKIM CNAME records of the identity and wait for DKIM "Successful".',
            'ses',
          );
        return pass(
          'ses.identity',
          'SES sender identity verified (with DKIM)',
          `${name} verified, DKIM SUCCESS (sender ${from})`,
        );
      },
    ),
  );
  out.push(
    await guarded(
      'ses.production',
      'SES production access (out of the sandbox)',
      'ses',
      'Request production access in the SES console (Account dashboard → Request production access).',
      async () => {
        const acct = await ses.send(new GetAccountCommand({}));
        const q = acct.SendQuota ?? {};
        const quota = `quota ${q.Max24HourSend ?? '?'}/24 h, ${q.MaxSendRate ?? '?'}/s, sent ${q.SentLast24Hours ?? 0}`;
        if (!acct.SendingEnabled)
          return fail(
            'ses.production',
            'SES production access (out of the sandbox)',
            `sending is disabled for this account (${acct.EnforcementStatus ?? ''})`,
            'Resolve the SES enforcement case in the console, then re-enable sending.',
            'ses',
          );
        if (!acct.ProductionAccessEnabled)
          return fail(
            'ses.production',
            'SES production access (out of the sandbox)',
            `sandbox: mail only reaches verified addresses (${quota})`,
            'Request production access in the SES console (Account dashboard → Request production access).',
            'ses',
          );
        return pass('ses.production', 'SES production access (out of the sandbox)', quota);
      },
    ),
  );
  out.push(await sendTestCheck({ ses, from: mail.from, staff: mail.staff, sendTest, stage }));
  return out;
}

/** `--send-test`: one e-mail to the first staff address (ADMIN_EMAILS). */
export function sendTestCheck({ ses, from, staff, sendTest, stage, skipReason }) {
  const id = 'ses.sendTest';
  const title = 'SES test e-mail to the staff address';
  const to = staff?.split(',')[0]?.trim();
  if (!sendTest)
    return Promise.resolve({
      id,
      title,
      status: 'skip',
      detail: skipReason ?? 'pass --send-test to send one',
    });
  return guarded(
    id,
    title,
    'ses',
    'Check the sender identity and, in the SES sandbox, verify the staff address too.',
    async () => {
      if (!to || !from)
        return fail(
          id,
          title,
          `${!to ? 'ADMIN_EMAILS' : 'SES_FROM'} not set`,
          'Set ADMIN_EMAILS (the staff address) and SES_FROM and deploy auth-otp.',
          'ses',
        );
      const res = await ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: `bookingbot doctor: test e-mail from stage ${stage}` },
              Body: {
                Text: {
                  Data: `This test was sent by \`npm run doctor -- --stage ${stage} --send-test\`. If it arrived, sign-in codes reach this mailbox too.`,
                },
              },
            },
          },
        }),
      );
      return pass(id, title, `sent to ${to} (MessageId ${res.MessageId})`);
    },
  );
}
