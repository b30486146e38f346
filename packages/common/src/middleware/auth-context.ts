import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../errors/index';

export type Role = 'user' | 'admin';

/** What the authorizer proved about the caller. */
export interface AuthContext {
  userId: string;
  sessionId: string;
  role: Role;
}

export interface AuthContextOptions {
  /** Role the route requires (`admin` routes reject `user` tokens). @default 'user' */
  role?: Role;
}

export type AuthedEvent = APIGatewayProxyEvent & { auth?: AuthContext };

/**
 * Reads the Lambda authorizer's context (`userId`, `sessionId`, `role`) into `event.auth`.
 * API Gateway already ran the authorizer; this re-checks the role so a route wired without the
 * right authorizer still fails closed.
 */
export function authContext(opts: AuthContextOptions = {}): MiddlewareObj<AuthedEvent> {
  const options = { role: 'user' as Role, ...opts };
  const authContextMiddlewareBefore: MiddlewareObj<AuthedEvent>['before'] = async (request) => {
    const ctx = request.event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
    const userId = ctx?.userId;
    const sessionId = ctx?.sessionId;
    const role = ctx?.role;
    if (
      typeof userId !== 'string' ||
      typeof sessionId !== 'string' ||
      (role !== 'user' && role !== 'admin')
    ) {
      throw new UnauthorizedError();
    }
    if (options.role === 'admin' && role !== 'admin') throw new ForbiddenError('admin role required');
    request.event.auth = { userId, sessionId, role };
  };
  return { before: authContextMiddlewareBefore };
}
