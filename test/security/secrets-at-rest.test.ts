import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '@bookingbot/common/db';
import { bearer, latestCode, randomEmail, signIn } from '../support/auth';
import { retryingColdStart, stackFetch } from './support/http';

/**
 * Suite 5: after real traffic (sign-in, refresh, a Messenger conversation), every item of the
 * table, every object of the event lake and every log line of the stack is searched for secrets
 * in clear. The logs are the run's whole log directory (TEST_LOG_DIR), so whatever ran before in
 * the same `npm test` is covered too. Excluded, because they are the other end of a channel and
 * must see the secret: SES local's mailbox log (the mail carries the code to its owner) and the
 * Messenger simulator's log (it stands in for Meta, which receives the Page token).
 */
jest.setTimeout(120_000);

const FOREIGN_LOGS = new Set(['ses.log', 'simulator.log', 'jest-results.json']);
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/;

async function tableDump(): Promise<string[]> {
  const items: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey }));
    for (const item of out.Items ?? []) items.push(JSON.stringify(item));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const readMaybeGzip = (file: string): string => {
  const bytes = readFileSync(file);
  try {
    return bytes[0] === 0x1f && bytes[1] === 0x8b
      ? gunzipSync(bytes).toString('utf8')
      : bytes.toString('utf8');
  } catch {
    return bytes.toString('utf8');
  }
};

/** A code as a standalone token (not a run of digits inside a timestamp or an id). */
const standalone = (code: string) => new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`);

interface Corpus {
  name: string;
  text: string;
}

function leaks(corpora: Corpus[], secrets: Record<string, string | RegExp>): string[] {
  const found: string[] = [];
  for (const { name, text } of corpora)
    for (const [what, s] of Object.entries(secrets)) {
      const hit = typeof s === 'string' ? text.includes(s) : s.test(text);
      if (hit) found.push(`${what} in ${name}`);
    }
  return found;
}

describe('secrets at rest and in logs', () => {
  it('It should leave no OTP code, refresh token, access token, App Secret, Page token, pepper or private key in clear anywhere', async () => {
    // Arrange: real traffic through every secret-handling path.
    const email = randomEmail('secrets');
    const session = await retryingColdStart(() => signIn(email));
    const code = await latestCode(email);
    const refreshed = (await (
      await stackFetch(`${process.env.AUTH_URL}/auth/token/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      })
    ).json()) as { accessToken: string; refreshToken: string };
    // A wrong code for another address, so failed attempts are covered too.
    const victim = randomEmail('secrets-victim');
    await stackFetch(`${process.env.AUTH_URL}/auth/otp/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: victim }),
    });
    const victimCode = await latestCode(victim);
    await stackFetch(`${process.env.AUTH_URL}/auth/otp/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: victim, code: victimCode === '000000' ? '111111' : '000000' }),
    });
    await stackFetch(`${process.env.USER_API_URL}/me`, { headers: bearer(refreshed) });
    const psid = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    await stackFetch(`${process.env.GRAPH_API_URL}/__sim/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ psid, text: 'hello' }),
    });
    await new Promise((r) => setTimeout(r, 3000)); // the worker replies and the logs flush
    const jwks = JSON.parse(process.env.JWT_PRIVATE_JWKS ?? '{"keys":[]}') as { keys: { d: string }[] };
    const secrets: Record<string, string | RegExp> = {
      'OTP code': standalone(code),
      'unused OTP code': standalone(victimCode),
      'refresh token': session.refreshToken,
      'refresh token secret part': session.refreshToken.split('.').at(-1) as string,
      'rotated refresh token': refreshed.refreshToken,
      'access token': session.accessToken,
      'access token signature': session.accessToken.split('.')[2] as string,
      'any JWT': JWT,
      'App Secret': process.env.MESSENGER_APP_SECRET as string,
      'Page token': process.env.MESSENGER_PAGE_ACCESS_TOKEN as string,
      'OTP pepper': process.env.OTP_PEPPER as string,
      'refresh pepper': process.env.REFRESH_TOKEN_PEPPER as string,
      ...Object.fromEntries(jwks.keys.map((k, i) => [`private signing key ${i}`, k.d])),
    };
    const logDir = process.env.TEST_LOG_DIR;
    if (!logDir) throw new Error('TEST_LOG_DIR is not set: run the tests through scripts/test.mjs');

    // Act
    const items = await tableDump();
    const logs = filesUnder(logDir)
      .filter((f) => !FOREIGN_LOGS.has(path.basename(f)))
      .map((f) => ({ name: path.relative(logDir, f), text: readFileSync(f, 'utf8') }));
    const lakeDir = process.env.ANALYTICS_LAKE_DIR ?? '';
    const lake = filesUnder(lakeDir).map((f) => ({
      name: `lake ${path.relative(lakeDir, f)}`,
      text: readMaybeGzip(f),
    }));

    // Assert: the corpora are real (the run wrote items and logs), and nothing leaked.
    expect(items.length).toBeGreaterThan(10);
    expect(logs.map((l) => l.name)).toEqual(expect.arrayContaining(['auth-otp.log', 'user-api.log']));
    expect(items.some((i) => i.includes(session.userId))).toBe(true);
    const found = leaks([{ name: 'table', text: items.join('\n') }, ...logs, ...lake], secrets);
    expect(found).toEqual([]);
  });
});
