import { generateKeyPairSync } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { authorizerHandler } from '../../src/auth/index';
import { clearSecretCache } from '../../src/config/index';
import { setDocumentClient } from '../../src/db/index';
import { resetTokenCaches, signAccessToken } from '../../src/tokens/index';

describe('the authorizer when DynamoDB fails (no network)', () => {
  beforeAll(() => {
    const jwk = {
      ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
      kid: 'u1',
    };
    process.env.JWT_PRIVATE_JWKS = JSON.stringify({ keys: [jwk] });
    clearSecretCache();
    resetTokenCaches();
  });
  afterAll(() => setDocumentClient(undefined));

  it('It should fail closed: a valid token is not allowed when the session cannot be read', async () => {
    // Arrange
    setDocumentClient({
      send: async () =>
        Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    } as unknown as DynamoDBDocumentClient);
    const { token } = await signAccessToken({ sub: 'user-1', sid: 'session-1', role: 'admin' });
    // Act
    const outcome = authorizerHandler({ requiredRole: 'admin' })({
      type: 'TOKEN',
      methodArn: 'arn:aws:execute-api:us-east-1:1:api/dev/GET/admin/users',
      authorizationToken: `Bearer ${token}`,
    });
    // Assert
    await expect(outcome).rejects.toThrow('ECONNREFUSED');
  });
});
