import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { deployedChecks } from '../../scripts/lib/doctor/aws.mjs';

/**
 * The deployed-stage doctor with fakes for the AWS clients (the port it reads through) and the real
 * Graph stand-in, webhook and JWKS of the test stack: what each AWS answer turns into, and the whole
 * report's shape. The SSM outputs point at the local services; the Graph URL at a simulator of this
 * file's own (the shared one's Page is changed by messenger-go-live.test.ts while it runs).
 */
jest.setTimeout(60_000);
const STAGE = 'prod';
const P = `/bookingbot/${STAGE}`;
const secret = () => randomBytes(24).toString('base64url');

type Answers = Record<string, (input: Record<string, unknown>) => unknown>;

function ssmStore(overrides: Record<string, { Type: string; Value: string } | undefined> = {}) {
  const store: Record<string, { Type: string; Value: string } | undefined> = {
    [`${P}/messenger/app-secret`]: {
      Type: 'SecureString',
      Value: process.env.MESSENGER_APP_SECRET as string,
    },
    [`${P}/messenger/page-access-token`]: {
      Type: 'SecureString',
      Value: process.env.MESSENGER_PAGE_ACCESS_TOKEN as string,
    },
    [`${P}/messenger/verify-token`]: {
      Type: 'SecureString',
      Value: process.env.MESSENGER_VERIFY_TOKEN as string,
    },
    [`${P}/messenger/page-id`]: { Type: 'String', Value: process.env.MESSENGER_PAGE_ID as string },
    [`${P}/auth/otp-pepper`]: { Type: 'SecureString', Value: secret() },
    [`${P}/auth/refresh-token-pepper`]: { Type: 'SecureString', Value: secret() },
    [`${P}/auth/jwt-private-jwks`]: {
      Type: 'SecureString',
      Value: JSON.stringify({ keys: [{ kid: 'k1' }] }),
    },
    [`${P}/auth-otp/api-url`]: { Type: 'String', Value: process.env.AUTH_URL as string },
    [`${P}/messenger-webhook/webhook-url`]: { Type: 'String', Value: process.env.WEBHOOK_URL as string },
    [`${P}/data/alarm-topic-arn`]: {
      Type: 'String',
      Value: 'arn:aws:sns:ap-southeast-1:123456789012:alarms',
    },
    ...overrides,
  };
  return (input: Record<string, unknown>) => ({
    Parameters: (input.Names as string[])
      .filter((n) => store[n])
      .map((n) => ({ Name: n, ...(store[n] as object) })),
  });
}

class NotFoundException extends Error {
  override name = 'NotFoundException';
}

/** One fake `send` for every client, answering by command name like the AWS APIs. */
function fakeAws(overrides: Answers = {}) {
  const answers: Answers = {
    GetCallerIdentityCommand: () => ({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/deploy/ci',
    }),
    GetParametersCommand: ssmStore(),
    DescribeStacksCommand: (i) => ({
      Stacks: [{ StackName: i.StackName, StackStatus: 'UPDATE_COMPLETE', Outputs: [{ OutputKey: 'A' }] }],
    }),
    DescribeStackResourcesCommand: () => ({
      StackResources: [
        { ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: 'bookingbot-auth-otp-prod-x' },
      ],
    }),
    GetFunctionConfigurationCommand: () => ({
      Environment: {
        Variables: { SES_FROM: 'Bookingbot <no-reply@example.com>', ADMIN_EMAILS: 'owner@example.com' },
      },
    }),
    GetEmailIdentityCommand: (i) => {
      if (i.EmailIdentity !== 'example.com') throw new NotFoundException('not found');
      return { VerifiedForSendingStatus: true, DkimAttributes: { Status: 'SUCCESS' } };
    },
    GetAccountCommand: () => ({
      SendingEnabled: true,
      ProductionAccessEnabled: true,
      SendQuota: { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 3 },
    }),
    ListSubscriptionsByTopicCommand: () => ({
      Subscriptions: [
        {
          SubscriptionArn: 'arn:aws:sns:ap-southeast-1:123456789012:alarms:1',
          Protocol: 'email',
          Endpoint: 'a@b.c',
        },
      ],
    }),
    ...overrides,
  };
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      const answer = answers[command.constructor.name];
      if (!answer) throw new Error(`unexpected ${command.constructor.name}`);
      return answer(command.input);
    },
  };
  return { sts: client, ssm: client, cfn: client, lambda: client, ses: client, sns: client };
}

const ROOT = path.resolve(__dirname, '../..');
const SIM_PORT = Number(process.env.SIMULATOR_PORT) + 51;
const SIM = `http://127.0.0.1:${SIM_PORT}`;
const env = { ...process.env, GRAPH_API_URL: SIM, SES_FROM: undefined, ADMIN_EMAILS: undefined };
let sim: ChildProcess;

beforeAll(async () => {
  // Arrange: a simulator whose Page has the app subscribed with every field
  sim = spawn(process.execPath, ['tools/messenger-simulator/server.mjs'], {
    cwd: ROOT,
    env: { ...process.env, SIMULATOR_PORT: String(SIM_PORT), GRAPH_API_URL: SIM },
    stdio: 'ignore',
  });
  for (let i = 0; ; i++) {
    if (
      await fetch(`${SIM}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error('simulator did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = process.env.MESSENGER_PAGE_ACCESS_TOKEN as string;
  const proof = createHmac('sha256', process.env.MESSENGER_APP_SECRET as string)
    .update(token)
    .digest('hex');
  const fields = 'messages,messaging_postbacks,messaging_handovers,standby';
  const res = await fetch(
    `${SIM}/${process.env.GRAPH_API_VERSION}/${process.env.MESSENGER_PAGE_ID}/subscribed_apps?subscribed_fields=${fields}&appsecret_proof=${proof}`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
});

afterAll(() => {
  sim?.kill();
});
const check = async (clients: ReturnType<typeof fakeAws>) => {
  const results = await deployedChecks({
    stage: STAGE,
    region: 'ap-southeast-1',
    sendTest: false,
    env,
    clients,
  });
  return { results, failed: results.filter((r) => r.status === 'fail') };
};

describe('the deployed-stage doctor', () => {
  it('It should pass every check of a healthy stage except the local dev secrets it holds', async () => {
    // Act
    const { results, failed } = await check(fakeAws());

    // Assert: the Page checks ran against the simulator with the SSM values; the dev values of the
    // test stack are refused as secrets of a deployed stage
    expect(results.map((r) => r.id)).toEqual([
      'aws.credentials',
      'ssm.parameters',
      'stacks',
      'ses.identity',
      'ses.production',
      'ses.sendTest',
      'alarms.subscription',
      'auth.jwks',
      'messenger.pageToken',
      'messenger.appSecret',
      'messenger.subscription',
      'messenger.webhook',
      'messenger.handover',
    ]);
    expect(failed.map((r) => r.id)).toEqual(['ssm.parameters']);
    expect(failed[0]?.detail).toMatch(/messenger\/app-secret is a development default/);
    expect(results.find((r) => r.id === 'ses.identity')?.detail).toMatch(
      /example\.com verified, DKIM SUCCESS/,
    );
    expect(results.find((r) => r.id === 'ses.sendTest')?.status).toBe('skip');
  });

  it('It should fail SES production access in the sandbox, with the quota', async () => {
    // Arrange
    const clients = fakeAws({
      GetAccountCommand: () => ({
        SendingEnabled: true,
        ProductionAccessEnabled: false,
        SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      }),
    });

    // Act
    const { failed } = await check(clients);

    // Assert
    const ses = failed.find((r) => r.id === 'ses.production');
    expect(ses?.detail).toBe('sandbox: mail only reaches verified addresses (quota 200/24 h, 1/s, sent 0)');
    expect(ses?.doc).toBe('docs/go-live.md#ses');
  });

  it('It should fail the identity check while DKIM is pending', async () => {
    // Arrange
    const clients = fakeAws({
      GetEmailIdentityCommand: () => ({
        VerifiedForSendingStatus: true,
        DkimAttributes: { Status: 'PENDING' },
      }),
    });

    // Act
    const { failed } = await check(clients);

    // Assert
    expect(failed.find((r) => r.id === 'ses.identity')?.detail).toBe('example.com verified, DKIM PENDING');
  });

  it('It should fail the alarm check while the e-mail subscription is unconfirmed', async () => {
    // Arrange
    const clients = fakeAws({
      ListSubscriptionsByTopicCommand: () => ({
        Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email', Endpoint: 'a@b.c' }],
      }),
    });

    // Act
    const { failed } = await check(clients);

    // Assert
    expect(failed.find((r) => r.id === 'alarms.subscription')?.detail).toBe(
      '1 subscription(s), none confirmed (PendingConfirmation)',
    );
  });

  it('It should name a stack that is not deployed and a secret stored as a plain String', async () => {
    // Arrange
    const clients = fakeAws({
      DescribeStacksCommand: (i) => {
        if (i.StackName === 'bookingbot-admin-api-prod')
          throw new Error('Stack with id bookingbot-admin-api-prod does not exist');
        return {
          Stacks: [{ StackName: i.StackName, StackStatus: 'CREATE_COMPLETE', Outputs: [{ OutputKey: 'A' }] }],
        };
      },
      GetParametersCommand: ssmStore({ [`${P}/auth/otp-pepper`]: { Type: 'String', Value: secret() } }),
    });

    // Act
    const { failed } = await check(clients);

    // Assert
    expect(failed.find((r) => r.id === 'stacks')?.detail).toBe('bookingbot-admin-api-prod not deployed');
    expect(failed.find((r) => r.id === 'ssm.parameters')?.detail).toContain(
      `${P}/auth/otp-pepper is a String, not a SecureString`,
    );
  });

  it('It should stop after a credentials failure instead of reporting every check as broken', async () => {
    // Arrange
    const clients = fakeAws({
      GetCallerIdentityCommand: () => {
        throw Object.assign(new Error('The security token included in the request is expired'), {
          name: 'ExpiredToken',
        });
      },
    });

    // Act
    const { results } = await check(clients);

    // Assert
    expect(results).toEqual([
      expect.objectContaining({
        id: 'aws.credentials',
        status: 'fail',
        detail: 'ExpiredToken: The security token included in the request is expired',
      }),
    ]);
  });
});
