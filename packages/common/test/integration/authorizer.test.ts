import { randomUUID } from 'node:crypto';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { authorizerHandler } from '../../src/auth/index';
import { createSession, revokeSession } from '../../src/sessions/index';
import { signAccessToken } from '../../src/tokens/index';
import { findOrCreateUserByEmail, updateUser } from '../../src/users/index';

const methodArn = 'arn:aws:execute-api:us-east-1:123456789012:abc123/local/GET/me';
const tokenEvent = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({
  type: 'TOKEN',
  methodArn,
  authorizationToken,
});
const userAuthorizer = authorizerHandler({ requiredRole: 'user' });
const adminAuthorizer = authorizerHandler({ requiredRole: 'admin' });

async function signedIn(role: 'user' | 'admin' = 'user') {
  const { user } = await findOrCreateUserByEmail(`authz-${randomUUID()}@example.com`, role);
  const { session } = await createSession({ userId: user.userId, channel: 'email' });
  const { token } = await signAccessToken({ sub: user.userId, sid: session.sessionId, role });
  return { user, session, token };
}

// 50-way races against DynamoDB Local take seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

describe('the Lambda authorizer (DynamoDB Local)', () => {
  it('It should allow a valid token on the whole API and pass userId, sessionId and role', async () => {
    // Arrange
    const { user, session, token } = await signedIn();
    // Act
    const result = await userAuthorizer(tokenEvent(`Bearer ${token}`));
    // Assert
    expect(result).toEqual({
      principalId: user.userId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/local/*',
          },
        ],
      },
      context: { userId: user.userId, sessionId: session.sessionId, role: 'user' },
    });
  });

  it('It should answer Unauthorized once the session is logged out', async () => {
    const { user, session, token } = await signedIn();
    await expect(userAuthorizer(tokenEvent(`Bearer ${token}`))).resolves.toHaveProperty('principalId');

    await revokeSession(session.sessionId, user.userId, 'logout');

    await expect(userAuthorizer(tokenEvent(`Bearer ${token}`))).rejects.toThrow('Unauthorized');
  });

  it('It should answer Unauthorized for a missing, malformed or foreign token', async () => {
    for (const header of [
      '',
      'Bearer',
      'Basic dXNlcjpwYXNz',
      'Bearer not.a.jwt',
      'Bearer eyJhbGciOiJub25lIn0.e30.',
    ]) {
      await expect(userAuthorizer(tokenEvent(header))).rejects.toThrow('Unauthorized');
    }
  });

  it('It should deny a blocked user', async () => {
    const { user, token } = await signedIn();
    await updateUser(user.userId, { blocked: true });
    const result = await userAuthorizer(tokenEvent(`Bearer ${token}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toBeUndefined();
  });

  it('It should let only admins through the admin API, and deny a demoted admin holding an admin token', async () => {
    const plain = await signedIn('user');
    const admin = await signedIn('admin');

    const userResult = await adminAuthorizer(tokenEvent(`Bearer ${plain.token}`));
    const adminResult = await adminAuthorizer(tokenEvent(`Bearer ${admin.token}`));
    await updateUser(admin.user.userId, { role: 'user' });
    const demotedResult = await adminAuthorizer(tokenEvent(`Bearer ${admin.token}`));

    expect(userResult.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(adminResult.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(adminResult.context).toMatchObject({ role: 'admin' });
    expect(demotedResult.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
  });

  it('It should read the Authorization header case-insensitively on REQUEST authorizer events', async () => {
    const { token } = await signedIn();
    const event = {
      type: 'REQUEST',
      methodArn,
      headers: { AUTHORIZATION: `bearer ${token}` },
    } as unknown as APIGatewayRequestAuthorizerEvent;
    await expect(userAuthorizer(event)).resolves.toMatchObject({ context: { role: 'user' } });
  });

  it('It should refuse a token whose session belongs to another user', async () => {
    const a = await signedIn();
    const b = await signedIn();
    const { token } = await signAccessToken({ sub: a.user.userId, sid: b.session.sessionId, role: 'user' });
    await expect(userAuthorizer(tokenEvent(`Bearer ${token}`))).rejects.toThrow('Unauthorized');
  });
});
