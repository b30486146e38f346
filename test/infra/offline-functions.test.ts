import path from 'node:path';

/**
 * Which functions one serverless-offline process serves (infra/lib/offline-functions.cjs): the local
 * stack runs messenger-webhook's worker, reminders and replay in a process of their own and the rest
 * in the webhook's, so no function (and no schedule) is in both.
 */
const { selectOfflineFunctions } = require(
  path.resolve(__dirname, '../../infra/lib/offline-functions.cjs'),
) as {
  selectOfflineFunctions: (
    service: { service: string; functions: Record<string, unknown> },
    env: Record<string, string | undefined>,
  ) => string[];
};

const service = () => ({
  service: 'bookingbot-messenger-webhook',
  functions: { health: {}, receive: {}, verify: {}, worker: {}, reminders: {}, replay: {} },
});

describe('selecting the functions of an offline process', () => {
  it('It should keep every function when neither variable is set', () => {
    const svc = service();
    expect(selectOfflineFunctions(svc, {})).toEqual([]);
    expect(Object.keys(svc.functions)).toHaveLength(6);
  });

  it('It should split a service into two disjoint halves that together hold every function', () => {
    const worker = service();
    const webhook = service();
    selectOfflineFunctions(worker, { OFFLINE_FUNCTIONS: 'worker,reminders,replay' });
    selectOfflineFunctions(webhook, { OFFLINE_SKIP_FUNCTIONS: 'worker, reminders ,replay' });
    expect(Object.keys(worker.functions)).toEqual(['worker', 'reminders', 'replay']);
    expect(Object.keys(webhook.functions)).toEqual(['health', 'receive', 'verify']);
  });

  it('It should refuse a name that is not a function of the service', () => {
    expect(() => selectOfflineFunctions(service(), { OFFLINE_FUNCTIONS: 'worker,remniders' })).toThrow(
      /no function of bookingbot-messenger-webhook: remniders/,
    );
  });
});
