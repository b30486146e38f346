import type { QuickReply } from '@bookingbot/common/messenger';
import { encodePayload } from '../payloads';
import { normalize } from '../text';
import type { Ctx, Ports, Reply, Turn } from '../types';
import { rest, say, turn } from '../ui';
import { day } from './day';
import type { StepDef } from './step';

/** Services per message: 12 + "More services" stays within Meta's 13 quick replies. */
export const SERVICES_PER_PAGE = 12;

type ServiceStep = { step: 'service'; page: number };

/** Starts booking `serviceId` (tapped, typed or understood): the days with a free slot. */
export async function chooseService(
  serviceId: string,
  ctx: Ctx,
  ports: Ports,
  prefix: Reply[] = [],
): Promise<Turn | undefined> {
  const service = await ports.catalog.service(serviceId);
  if (!service?.active) return undefined;
  return day.show(
    { step: 'day', flow: { kind: 'book', serviceId, serviceName: service.name } },
    ctx,
    ports,
    prefix,
  );
}

/** Which service: the active services, a page at a time. */
export const service: StepDef<ServiceStep> = {
  async show(s, ctx, ports, prefix = []) {
    const all = await ports.catalog.services();
    if (all.length === 0) return rest(ctx, 'book.noServices', prefix);
    const pages = Math.ceil(all.length / SERVICES_PER_PAGE);
    const page = Math.min(s.page, pages - 1);
    const replies: QuickReply[] = all
      .slice(page * SERVICES_PER_PAGE, (page + 1) * SERVICES_PER_PAGE)
      .map((svc) => ({ title: svc.name, payload: encodePayload({ kind: 'SVC', serviceId: svc.serviceId }) }));
    if (pages > 1)
      replies.push({
        title: say(ctx, 'book.moreServices'),
        payload: encodePayload({ kind: 'SVCS', page: (page + 1) % pages }),
      });
    return turn(ctx, { step: 'service', page }, [
      ...prefix,
      { type: 'quick', text: say(ctx, 'book.pickService'), replies },
    ]);
  },
  async onText(_s, text, u, ctx, ports) {
    const n = normalize(text);
    if (u.serviceId) return chooseService(u.serviceId, ctx, ports);
    if (n.length < 3) return undefined;
    const match = (await ports.catalog.services()).find((svc) => normalize(svc.name).startsWith(n));
    return match ? chooseService(match.serviceId, ctx, ports) : undefined;
  },
  async onPayload(s, p, ctx, ports) {
    if (p.kind === 'SVCS') return service.show({ ...s, page: p.page }, ctx, ports);
    if (p.kind === 'SVC') return chooseService(p.serviceId, ctx, ports);
    return undefined;
  },
  hint: 'book.reaskService',
};
