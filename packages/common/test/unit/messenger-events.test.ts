import { classifyWebhook, groupByPsid } from '../../src/messenger/events';

/** Sorting a webhook body never throws: odd items are skipped or reported, customers still answered. */
const PAGE = '104582931234567';
const customer = (id: string, t: number) => ({
  sender: { id },
  recipient: { id: PAGE },
  timestamp: t,
  message: { mid: `m_${id}_${t}`, text: 'hi' },
});

describe('classifying a webhook body', () => {
  it('It should keep every customer of a batch next to a checkbox optin, policy-enforcement and app_roles items', () => {
    // Arrange
    const body = {
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: 1,
          messaging: [
            customer('7001', 2),
            { recipient: { id: PAGE }, timestamp: 3, optin: { ref: 'cart', user_ref: 'ur_123' } },
            {
              recipient: { id: PAGE },
              timestamp: 4,
              'policy-enforcement': { action: 'block', reason: 'spam' },
            },
            { recipient: { id: PAGE }, timestamp: 5, app_roles: { '123': ['automation'] } },
            customer('7002', 6),
            null,
            { sender: {}, recipient: { id: PAGE }, timestamp: 7, message: { mid: 'm_x', text: 'x' } },
          ],
        },
        { id: PAGE, time: 1, standby: [customer('7003', 8)] },
        { id: PAGE, time: 1, messaging: 'not a list' },
      ],
    };

    // Act
    const out = classifyWebhook(body);
    const groups = groupByPsid(out.events);

    // Assert
    expect([...groups.keys()]).toEqual(['7001', '7002', '7003']);
    expect(out.events.find((e) => e.sender.id === '7003')?.standby).toBe(true);
    expect(out.platform).toEqual([
      { kind: 'policy-enforcement', pageId: PAGE, action: 'block', reason: 'spam', timestamp: 4 },
      { kind: 'app_roles', pageId: PAGE, roles: { '123': ['automation'] }, timestamp: 5 },
    ]);
    expect(out.skipped).toHaveLength(3);
    expect(out.skipped[0]?.fields).toEqual(['recipient', 'timestamp', 'optin']);
  });

  it.each([[null], [undefined], ['text'], [{ entry: 3 }], [{ entry: [null, 1, { messaging: [1, 'a'] }] }]])(
    'It should not throw on %p',
    (body) => {
      // Act
      const out = classifyWebhook(body);

      // Assert
      expect(out.events).toEqual([]);
    },
  );

  it('It should group an event without ids under no customer instead of throwing', () => {
    // Arrange
    const odd = { recipient: { id: PAGE }, timestamp: 1 } as unknown as Parameters<
      typeof groupByPsid
    >[0][number];

    // Act
    const groups = groupByPsid([odd, customer('7001', 2)]);

    // Assert
    expect([...groups.keys()]).toEqual(['7001']);
  });
});
