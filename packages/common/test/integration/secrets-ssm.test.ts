import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clearSecretCache, secret } from '../../src/config/index';

/**
 * `secret()` deployed reads SSM with one signed JSON POST (no SDK client in the bundle). A loopback
 * stand-in for the SSM endpoint records what arrives and answers like SSM does.
 */
interface Seen {
  target: string | undefined;
  authorization: string | undefined;
  securityToken: string | undefined;
  body: { Name?: string; WithDecryption?: boolean };
}

describe('secret() against an SSM endpoint', () => {
  let server: Server;
  const seen: Seen[] = [];
  let answer: (name: string) => { status: number; json: unknown } = () => ({ status: 500, json: {} });
  const saved = { ...process.env };

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const body = JSON.parse(raw || '{}');
      seen.push({
        target: req.headers['x-amz-target'] as string | undefined,
        authorization: req.headers.authorization,
        securityToken: req.headers['x-amz-security-token'] as string | undefined,
        body,
      });
      const { status, json } = answer(body.Name);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(json));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      SSM_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example-secret',
      AWS_SESSION_TOKEN: 'example-session',
      AWS_REGION: 'eu-west-1',
      TEST_SECRET_PARAM: '/bookingbot/dev/test/secret',
    });
  });
  afterAll(async () => {
    process.env = saved;
    clearSecretCache();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
    clearSecretCache();
  });

  it('It should fetch the SecureString with decryption, signed for SSM, and cache it', async () => {
    // Arrange
    answer = (name) => ({
      status: 200,
      json: { Parameter: { Name: name, Type: 'SecureString', Value: 's3cr3t' } },
    });

    // Act
    const first = await secret('TEST_SECRET');
    const second = await secret('TEST_SECRET');

    // Assert
    expect([first, second]).toEqual(['s3cr3t', 's3cr3t']);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.target).toBe('AmazonSSM.GetParameter');
    expect(seen[0]?.body).toEqual({ Name: '/bookingbot/dev/test/secret', WithDecryption: true });
    expect(seen[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/,
    );
    expect(seen[0]?.securityToken).toBe('example-session');
  });

  it('It should read it again once the cache has expired (rotation without a redeploy)', async () => {
    // Arrange
    let version = 0;
    answer = () => ({ status: 200, json: { Parameter: { Value: `v${++version}` } } });

    // Act
    const before = await secret('TEST_SECRET', 0);
    const after = await secret('TEST_SECRET', 0);

    // Assert
    expect([before, after]).toEqual(['v1', 'v2']);
  });

  it('It should name the parameter and SSM error code, never a value, when SSM refuses', async () => {
    // Arrange
    answer = () => ({
      status: 400,
      json: { __type: 'com.amazonaws.ssm#ParameterNotFound', message: 'not found' },
    });

    // Act
    const read = secret('TEST_SECRET');

    // Assert
    await expect(read).rejects.toThrow(
      'SSM GetParameter /bookingbot/dev/test/secret failed: ParameterNotFound',
    );
  });

  it('It should use the plain variable when no _PARAM is set (local mode), without calling SSM', async () => {
    // Arrange
    process.env.PLAIN_SECRET = 'local-value';

    // Act
    const value = await secret('PLAIN_SECRET');

    // Assert
    expect(value).toBe('local-value');
    expect(seen).toHaveLength(0);
  });
});
