import { NotFoundError } from '@bookingbot/common/errors';
import { problemResponse } from '@bookingbot/common/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/**
 * One Lambda per resource group (users, catalog, …), one `httpHandler` per route inside it:
 * dispatches on `METHOD /resource/{template}` as API Gateway reports it. Keeps the function count
 * (and cold-start surface) small while each route keeps its own validation.
 */
export function router(routes: Record<string, Handler>): Handler {
  return async (event, context) => {
    const key = `${event.httpMethod} ${(event.resource ?? '').replace(/\/+$/, '')}`;
    const route = routes[key];
    if (!route) return problemResponse(new NotFoundError(`route ${key}`), event.path);
    return route(event, context);
  };
}
