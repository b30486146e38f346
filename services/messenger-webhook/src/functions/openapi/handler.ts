import { openApiHandler } from '@bookingbot/common/routes';
import { routeTable } from '../../routes';

/** GET /openapi.json: the OpenAPI 3.1 document generated from this service's route table. */
export const handler = openApiHandler(routeTable);
