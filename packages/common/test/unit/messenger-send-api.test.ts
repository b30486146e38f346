import type { WebhookBody } from '../../src/messenger/index';
import {
  flattenWebhook,
  groupByPsid,
  isRetryableGraphFailure,
  isSilentEvent,
  LIMITS,
  splitText,
} from '../../src/messenger/index';

const ev = (psid: string, timestamp: number, extra: Record<string, unknown> = {}) => ({
  sender: { id: psid },
  recipient: { id: 'page' },
  timestamp,
  ...extra,
});

describe('splitText', () => {
  it('It should keep a short text as one message', () => {
    // Arrange
    const text = 'Your appointment is booked.';

    // Act
    const chunks = splitText(text);

    // Assert
    expect(chunks).toEqual([text]);
  });

  it('It should split a long text under 2000 characters per message at line or word breaks', () => {
    // Arrange
    const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ';
    const text = Array.from({ length: 80 }, (_, i) => `${i}: ${line}`).join('\n');

    // Act
    const chunks = splitText(text);

    // Assert
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(LIMITS.textChars);
    expect(chunks.join('\n').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });

  it('It should never cut an emoji (surrogate pair) in half in text without spaces', () => {
    // Arrange: 1999 letters then emoji, then more
    const text = `${'a'.repeat(1999)}😊${'b'.repeat(100)}`;

    // Act
    const chunks = splitText(text);

    // Assert
    expect(chunks[0]).toBe('a'.repeat(1999));
    expect(chunks[1]?.startsWith('😊')).toBe(true);
    expect(chunks.join('')).toBe(text);
  });
});

describe('isRetryableGraphFailure', () => {
  it.each([
    [500, undefined, true],
    [503, 2, true],
    [400, 1200, true],
    [400, 613, true],
    [403, 4, true],
    [400, 551, false],
    [400, 2018001, false],
    [400, 190, false],
    [400, 100, false],
    [500, 190, false],
  ])('It should classify HTTP %s with Graph code %s as retryable=%s', (status, code, expected) => {
    // Arrange, Act
    const retryable = isRetryableGraphFailure(status, code);

    // Assert
    expect(retryable).toBe(expected);
  });
});

describe('webhook event helpers', () => {
  it('It should flatten every entry, every messaging item and every standby item', () => {
    // Arrange
    const body: WebhookBody = {
      object: 'page',
      entry: [
        { id: 'p', time: 1, messaging: [ev('a', 1), ev('b', 2)] },
        { id: 'p', time: 2, messaging: [ev('c', 3)], standby: [ev('d', 4)] },
      ],
    };

    // Act
    const events = flattenWebhook(body);

    // Assert
    expect(events.map((e) => e.sender.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(events.map((e) => Boolean(e.standby))).toEqual([false, false, false, true]);
  });

  it('It should group events per PSID in timestamp order, echoes under the customer they were sent to', () => {
    // Arrange
    const events = [
      ev('a', 30),
      ev('b', 5),
      ev('a', 10),
      { sender: { id: 'page' }, recipient: { id: 'a' }, timestamp: 20, message: { mid: 'm', is_echo: true } },
    ];

    // Act
    const groups = groupByPsid(events);

    // Assert
    expect([...groups.keys()]).toEqual(['a', 'b']);
    expect(groups.get('a')?.map((e) => e.timestamp)).toEqual([10, 20, 30]);
  });

  it('It should call echoes, reads and deliveries silent and messages not', () => {
    // Arrange
    const echo = ev('a', 1, { message: { mid: 'm', is_echo: true } });
    const read = ev('a', 1, { read: { watermark: 1 } });
    const delivery = ev('a', 1, { delivery: { watermark: 1 } });
    const message = ev('a', 1, { message: { mid: 'm', text: 'hi' } });

    // Act
    const verdicts = [echo, read, delivery, message].map(isSilentEvent);

    // Assert
    expect(verdicts).toEqual([true, true, true, false]);
  });
});
