import { createConsultant } from '@bookingbot/common/booking';
import { created, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { consultantsCreate } from '../../routes';

const logger = createLogger('admin-catalog');

/** POST /admin/consultants — creates a consultant. */
export const handler = httpHandler({ logger, ...routeOptions(consultantsCreate) }, async ({ body, auth }) => {
  const consultant = await createConsultant(body);
  await audit(
    auth,
    'consultant.create',
    { type: 'consultant', id: consultant.consultantId },
    null,
    consultant,
  );
  return created(consultant, { location: `/admin/consultants/${consultant.consultantId}` });
});
