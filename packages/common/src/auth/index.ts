import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { AppError } from '../errors';
import { createLogger, hashId, startInvocation } from '../logging';
import type { Role } from '../middleware';
import { getSession, isSessionActive } from '../sessions';
import { verifyAccessToken } from '../tokens';
import { getUser } from '../users';

/**
 * The Lambda authorizer every protected API uses (deployed as a function of each API stack; the
 * code lives here). It proves, in order: a Bearer access token with a valid ES256 signature, `iss`,
 * `aud`, `typ` and `exp` → the session it names exists, belongs to the token's subject and is
 * neither revoked nor expired (so logout takes effect within the authorizer cache TTL) → the user
 * exists and is not blocked → the role the API requires. The effective role is `admin` only when
 * both the token and the user record say so, so a demotion takes effect without waiting for the
 * token to expire.
 *
 * Outcomes (API Gateway's contract): missing, malformed, expired or revoked credentials →
 * `throw new Error('Unauthorized')` (401); a valid caller without the right (blocked, not admin)
 * → a Deny policy (403); otherwise an Allow policy on the whole API (results are cached per token,
 * so a policy for one method ARN would wrongly deny the next route) with the context
 * `{ userId, sessionId, role }` that `authContext` reads.
 */
export interface AuthorizerOptions {
  /** The role the API requires. @default 'user' */
  requiredRole?: Role;
}

type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

const log = createLogger('authorizer');

/** `Bearer <token>` (scheme case-insensitive, RFC 6750) → the token, else undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const m = /^\s*bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header ?? '');
  return m?.[1];
}

function authorizationHeader(event: AuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') return event.authorizationToken;
  // REQUEST authorizers get raw headers; serverless-offline keeps their case, AWS lowercases.
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  return key ? (headers[key] ?? undefined) : undefined;
}

/** `arn:aws:execute-api:<region>:<acct>:<apiId>/<stage>/<METHOD>/<path>` → `…/<apiId>/<stage>/*`. */
export function wholeApiArn(methodArn: string): string {
  const [prefix, stage] = methodArn.split('/');
  return `${prefix}/${stage}/*`;
}

export function policy(
  principalId: string,
  effect: 'Allow' | 'Deny',
  resource: string,
  context?: { userId: string; sessionId: string; role: Role },
): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
    },
    ...(context ? { context } : {}),
  };
}

const unauthorized = () => new Error('Unauthorized');

/** Builds the authorizer handler for an API that requires `requiredRole`. */
export function authorizerHandler(opts: AuthorizerOptions = {}) {
  const options = { requiredRole: 'user' as Role, ...opts };
  return async function authorizer(
    event: AuthorizerEvent,
    context?: Context,
  ): Promise<APIGatewayAuthorizerResult> {
    // cold_start, function_request_id and the API request id on every line of this invocation.
    startInvocation(context, {
      correlationId: event.type === 'REQUEST' ? event.requestContext?.requestId : undefined,
    });
    const token = bearerToken(authorizationHeader(event));
    if (!token) throw unauthorized();
    let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
    try {
      claims = await verifyAccessToken(token);
    } catch (err) {
      if (err instanceof AppError) throw unauthorized();
      log.error('authorizer: token verification failed unexpectedly', { error: err as Error });
      throw err;
    }
    const [session, user] = await Promise.all([getSession(claims.sid), getUser(claims.sub)]).catch(
      (err: unknown) => {
        // API Gateway answers 500 (serverless-offline: 401) without the cause: keep it in the log.
        log.error('authorizer: session or user lookup failed', { error: err as Error });
        throw err;
      },
    );
    const who = { user: hashId(claims.sub, 'user:') };
    const resource = wholeApiArn(event.methodArn);
    // Blocked first: blocking also revokes the sessions, and the caller should learn the account is
    // blocked (403), not that its session ended (401, which invites a new sign-in).
    if (user?.blocked) {
      log.info('authorizer: user blocked', who);
      return policy(claims.sub, 'Deny', resource);
    }
    if (!session || session.userId !== claims.sub || !isSessionActive(session)) {
      log.info('authorizer: session not active', who);
      throw unauthorized();
    }
    if (!user) {
      log.info('authorizer: user missing', who);
      return policy(claims.sub, 'Deny', resource);
    }
    const role: Role = claims.role === 'admin' && user.role === 'admin' ? 'admin' : 'user';
    if (options.requiredRole === 'admin' && role !== 'admin') {
      log.info('authorizer: admin role required', who);
      return policy(claims.sub, 'Deny', resource);
    }
    return policy(claims.sub, 'Allow', resource, { userId: claims.sub, sessionId: claims.sid, role });
  };
}
