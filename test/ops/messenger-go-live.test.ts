import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { SUBSCRIBED_FIELDS } from '../../services/messenger-webhook/src/scripts/setup';

/**
 * `npm run messenger:setup` and `npm run doctor -- --stage local` against the test stack's Messenger
 * simulator, run as a person would run them (child processes, the stack's env). One file, so the
 * cases that change the simulator's Page (token type, subscribed fields) never race each other.
 */
// Child processes (npm, esbuild, Chromium) on a loaded 2-core machine: generous time, no speed claim.
jest.setTimeout(120_000);
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const SIM = process.env.GRAPH_API_URL as string;
const VERSION = process.env.GRAPH_API_VERSION ?? 'v23.0';
const PAGE_ID = process.env.MESSENGER_PAGE_ID as string;

interface Check {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  fix?: string;
  doc?: string;
}

async function npm(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: Number(e.code ?? 1), stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function doctor(env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const r = await npm(['doctor', '--', '--stage', 'local', '--json', ...extra], env);
  const report = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
  return { code: r.code, report, failed: report.checks.filter((c) => c.status === 'fail') };
}

const simPost = (route: string, body: unknown) =>
  fetch(`${SIM}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Subscribes the app to exactly these fields, as someone clicking in the Meta dashboard would. */
async function subscribe(fields: string[]) {
  const token = process.env.MESSENGER_PAGE_ACCESS_TOKEN as string;
  const proof = createHmac('sha256', process.env.MESSENGER_APP_SECRET as string)
    .update(token)
    .digest('hex');
  const res = await fetch(
    `${SIM}/${VERSION}/${PAGE_ID}/subscribed_apps?subscribed_fields=${fields.join(',')}&appsecret_proof=${proof}`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(200);
}

afterEach(async () => {
  await simPost('/__sim/page-settings', { reset: true });
});

describe('npm run messenger:setup against the simulator', () => {
  it('It should set Get Started, the greeting and the persistent menu in English and Vietnamese, and subscribe every field', async () => {
    // Arrange
    const before = ((await (await fetch(`${SIM}/__sim/requests`)).json()) as { requests: unknown[] }).requests
      .length;

    // Act
    const r = await npm(['messenger:setup', '--', '--stage', 'local']);

    // Assert: the Graph requests the simulator received
    expect(r.code).toBe(0);
    const { requests } = (await (await fetch(`${SIM}/__sim/requests`)).json()) as {
      requests: { method: string; path: string; body: Record<string, unknown> }[];
    };
    const mine = requests.slice(before);
    const profile = mine.find((q) => q.method === 'POST' && q.path === `/${VERSION}/me/messenger_profile`)
      ?.body as {
      get_started: { payload: string };
      greeting: { locale: string; text: string }[];
      persistent_menu: { locale: string; call_to_actions: { title: string; payload: string }[] }[];
    };
    expect(profile.get_started).toEqual({ payload: 'GET_STARTED' });
    expect(profile.greeting.map((g) => g.locale)).toEqual(['default', 'vi_VN']);
    expect(profile.greeting[1]?.text).toMatch(/^Xin chào \{\{user_first_name\}\}/);
    expect(profile.persistent_menu.map((m) => m.locale)).toEqual(['default', 'vi_VN']);
    for (const menu of profile.persistent_menu)
      expect(menu.call_to_actions.map((a) => a.payload)).toEqual(['BOOK', 'MY_APPTS', 'HUMAN']);
    expect(profile.persistent_menu[1]?.call_to_actions.map((a) => a.title)).toEqual([
      'Đặt lịch hẹn',
      'Lịch của tôi',
      'Gặp nhân viên',
    ]);
    expect(mine.some((q) => q.method === 'POST' && q.path === `/${VERSION}/${PAGE_ID}/subscribed_apps`)).toBe(
      true,
    );
    // …and what the Page now looks like through the Graph API the doctor reads
    const token = process.env.MESSENGER_PAGE_ACCESS_TOKEN as string;
    const proof = createHmac('sha256', process.env.MESSENGER_APP_SECRET as string)
      .update(token)
      .digest('hex');
    const apps = (await (
      await fetch(`${SIM}/${VERSION}/${PAGE_ID}/subscribed_apps?appsecret_proof=${proof}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { data: { subscribed_fields: string[] }[] };
    expect(apps.data[0]?.subscribed_fields).toEqual([
      'messages',
      'messaging_postbacks',
      'messaging_handovers',
      'standby',
    ]);
    const stored = (
      (await (await fetch(`${SIM}/__sim/profile`)).json()) as { profile: Record<string, unknown> }
    ).profile;
    expect(Object.keys(stored).sort()).toEqual(['get_started', 'greeting', 'persistent_menu']);
  }, 150_000);
});

describe('npm run doctor -- --stage local', () => {
  beforeAll(async () => {
    await subscribe(SUBSCRIBED_FIELDS);
  });

  it('It should pass every check against the test stack, skipping only what has no local counterpart', async () => {
    // Act
    const { code, report } = await doctor({}, ['--send-test']);

    // Assert
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([
      expect.objectContaining({ id: 'aws.credentials', status: 'skip' }),
      expect.objectContaining({ id: 'ses.production', status: 'skip' }),
      expect.objectContaining({ id: 'alarms.subscription', status: 'skip' }),
    ]);
    expect(report.checks.map((c) => c.id)).toEqual([
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
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
  }, 60_000);

  it('It should fail the Page token check when the token is an app token', async () => {
    // Arrange
    await simPost('/__sim/page-settings', { tokenType: 'APP' });

    // Act
    const { code, failed } = await doctor();

    // Assert
    expect(code).toBe(1);
    expect(failed.map((c) => c.id)).toEqual(['messenger.pageToken']);
    expect(failed[0]?.detail).toMatch(/token type APP, not PAGE/);
    expect(failed[0]?.doc).toBe('docs/go-live.md#page-token');
  }, 60_000);

  it('It should fail the subscription check naming the missing field', async () => {
    // Arrange: someone unticked messaging_handovers in the dashboard
    await subscribe(['messages', 'messaging_postbacks', 'standby']);

    try {
      // Act
      const { code, failed } = await doctor();

      // Assert
      expect(code).toBe(1);
      expect(failed.map((c) => c.id)).toEqual(['messenger.subscription']);
      expect(failed[0]?.detail).toBe('missing field(s): messaging_handovers');
      expect(failed[0]?.fix).toMatch(/npm run messenger:setup/);
    } finally {
      await subscribe(SUBSCRIBED_FIELDS);
    }
  }, 60_000);

  it('It should fail the webhook check when the verify token differs from the deployed one', async () => {
    // Act: the doctor holds another verify token than the webhook answers to
    const { code, failed } = await doctor({ MESSENGER_VERIFY_TOKEN: 'not-the-configured-token' });

    // Assert
    expect(code).toBe(1);
    expect(failed.map((c) => c.id)).toEqual(['messenger.webhook']);
    expect(failed[0]?.detail).toMatch(/answered 403/);
  }, 60_000);

  it('It should fail the handover check when the Page Inbox is not a secondary receiver', async () => {
    // Arrange
    await simPost('/__sim/page-settings', { secondaryReceivers: [] });

    // Act
    const { code, failed } = await doctor();

    // Assert
    expect(code).toBe(1);
    expect(failed.map((c) => c.id)).toEqual(['messenger.handover']);
  }, 60_000);

  it('It should print one line per check with ✓/✗ and the fix with its go-live section', async () => {
    // Arrange
    await simPost('/__sim/page-settings', { tokenType: 'USER' });

    // Act
    const r = await npm(['doctor', '--', '--stage', 'local']);

    // Assert
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^[✓✗–] /.test(l))).toHaveLength(13);
    const i = lines.findIndex((l) => l.startsWith('✗ Page access token'));
    expect(lines[i + 1]).toMatch(/^ {4}fix: .+ \(docs\/go-live\.md#page-token\)$/);
    expect(r.stdout).toMatch(/^– AWS credentials and region — skipped: local/m);
  }, 60_000);
});

describe('the simulator page when the services reply elsewhere', () => {
  let sim: ChildProcess;
  const port = Number(process.env.SIMULATOR_PORT) + 50;

  beforeAll(async () => {
    sim = spawn(process.execPath, ['tools/messenger-simulator/server.mjs'], {
      cwd: ROOT,
      env: { ...process.env, SIMULATOR_PORT: String(port), GRAPH_API_URL: 'http://127.0.0.1:9/graph' },
      stdio: 'ignore',
    });
    for (let i = 0; i < 50; i++) {
      if (
        await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('second simulator did not start');
  });

  afterAll(() => {
    sim?.kill();
  });

  it('It should say on the chat page where the replies are going', async () => {
    // Arrange
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();

      // Act
      await page.goto(`http://127.0.0.1:${port}/`);
      const hint = page.getByTestId('graph-hint');
      await hint.waitFor({ state: 'visible', timeout: 10_000 });

      // Assert
      expect(await hint.textContent()).toContain('http://127.0.0.1:9/graph');
      expect(await hint.textContent()).toContain(`http://127.0.0.1:${port}`);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('It should show no hint when the services use this simulator', async () => {
    // Act
    const info = (await (await fetch(`${SIM}/__sim/info`)).json()) as { repliesComeHere: boolean };

    // Assert
    expect(info.repliesComeHere).toBe(true);
  });
});
