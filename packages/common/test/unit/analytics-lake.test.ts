import { gunzipSync } from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import { buildEvent } from '../../src/analytics/events';
import { encodeBatch, LAKE_COLUMNS, toLakeRecord } from '../../src/analytics/lake';
import { eventIdFromKey, eventsFromStream } from '../../src/analytics/writer';
import { hashId } from '../../src/logging';

const at = (iso: string) => new Date(iso);

describe('the event lake encoding', () => {
  it('It should write one gzip NDJSON object per day under events/dt=YYYY-MM-DD/', () => {
    // Arrange
    const events = [
      buildEvent({ type: 'booking.booked', userId: 'u1', now: at('2026-03-01T23:59:59.000Z') }),
      buildEvent({ type: 'booking.booked', userId: 'u2', now: at('2026-03-02T00:00:01.000Z') }),
      buildEvent({ type: 'booking.cancelled', userId: 'u2', now: at('2026-03-02T08:00:00.000Z') }),
    ];

    // Act
    const objects = encodeBatch(events);

    // Assert
    expect(objects.map((o) => o.key.split('/').slice(0, 2).join('/')).sort()).toEqual([
      'events/dt=2026-03-01',
      'events/dt=2026-03-02',
    ]);
    const day2 = objects.find((o) => o.key.startsWith('events/dt=2026-03-02/'));
    expect(day2?.key).toMatch(/\.ndjson\.gz$/);
    const lines = gunzipSync(day2?.body as Buffer)
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event_type)).toEqual(['booking.booked', 'booking.cancelled']);
  });

  it('It should derive the object key from the batch so a retried batch overwrites its object', () => {
    // Arrange
    const events = [buildEvent({ type: 'auth.otp.requested', now: at('2026-03-01T10:00:00.000Z') })];

    // Act
    const [first] = encodeBatch(events);
    const [again] = encodeBatch(events);
    const [other] = encodeBatch([
      buildEvent({ type: 'auth.otp.requested', now: at('2026-03-01T10:00:00.000Z') }),
    ]);

    // Assert
    expect(again?.key).toBe(first?.key);
    expect(other?.key).not.toBe(first?.key);
  });

  it('It should flatten every event into exactly the lake columns, hashing ids and keeping props as JSON', () => {
    // Arrange
    const event = buildEvent({
      type: 'booking.booked',
      userId: 'user-123',
      psid: '998877',
      props: {
        serviceId: 'svc-1',
        consultantId: 'c-1',
        appointmentId: 'a-1',
        channel: 'messenger',
        extra: 3,
      },
    });

    // Act
    const row = toLakeRecord(event);

    // Assert
    expect(Object.keys(row)).toEqual(LAKE_COLUMNS.map((c) => c.name));
    expect(row).toMatchObject({
      service_id: 'svc-1',
      consultant_id: 'c-1',
      appointment_id: 'a-1',
      channel: 'messenger',
    });
    expect(row.user_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(row)).not.toContain('user-123');
    expect(JSON.stringify(row)).not.toContain('998877');
    expect(JSON.parse(String(row.props))).toMatchObject({ extra: 3 });
  });

  it('It should take only inserted analytics items from a stream batch', () => {
    // Arrange
    const e = buildEvent({ type: 'messenger.message.received', psid: 'p1' });
    const image = (type: string) => ({
      type: { S: type },
      event: { M: { eventId: { S: e.eventId }, type: { S: e.type } } },
    });
    const records = [
      { eventName: 'INSERT', dynamodb: { NewImage: image('analyticsEvent') } },
      { eventName: 'MODIFY', dynamodb: { NewImage: image('analyticsEvent') } },
      { eventName: 'INSERT', dynamodb: { NewImage: image('user') } },
      { eventName: 'REMOVE', dynamodb: {} },
    ];

    // Act
    const events = eventsFromStream(records);

    // Assert
    expect(events.map((x) => x.eventId)).toEqual([e.eventId]);
  });

  it('It should derive one message event from each inserted message log item, with an id from its key', () => {
    // Arrange: an inbound and an outbound item as logMessage writes them
    const item = (direction: 'in' | 'out', time: string, mid: string) => ({
      pk: 'MSGLOG#psid-42',
      sk: `${time}#${direction}#${mid}`,
      type: 'messageLog',
      expiresAt: 1,
      psid: 'psid-42',
      direction,
      kind: direction === 'in' ? 'text' : 'quick_replies',
      text: 'personal words never reach the lake',
      mid,
      time,
    });
    const inbound = item('in', '2026-03-01T23:59:59.500Z', 'm.in');
    const outbound = item('out', '2026-03-02T00:00:00.100Z', 'm.out');
    const record = (eventName: string, i: Record<string, unknown>) => ({
      eventName,
      dynamodb: { NewImage: marshall(i) },
    });

    // Act: an insert each, the same inbound overwritten (MODIFY) and expired (REMOVE), delivered twice
    const batch = [
      record('INSERT', inbound),
      record('INSERT', outbound),
      record('MODIFY', inbound),
      { eventName: 'REMOVE', dynamodb: {} },
    ];
    const first = eventsFromStream(batch);
    const again = eventsFromStream(batch);

    // Assert
    expect(first).toEqual([
      {
        v: 1,
        eventId: eventIdFromKey(inbound.pk, inbound.sk),
        type: 'messenger.message.received',
        time: inbound.time,
        dt: '2026-03-01',
        psidHash: hashId('psid-42', 'psid:'),
        props: { kind: 'text' },
      },
      {
        v: 1,
        eventId: eventIdFromKey(outbound.pk, outbound.sk),
        type: 'messenger.message.sent',
        time: outbound.time,
        dt: '2026-03-02',
        psidHash: hashId('psid-42', 'psid:'),
        props: { kind: 'quick_replies' },
      },
    ]);
    expect(again).toEqual(first);
    expect(encodeBatch(again).map((o) => o.key)).toEqual(encodeBatch(first).map((o) => o.key));
    expect(JSON.stringify(first)).not.toContain('personal words');
    expect(JSON.stringify(first)).not.toContain('psid-42');
    expect(first[0]?.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first[0]?.eventId).not.toBe(first[1]?.eventId);
  });

  it("It should derive one sent event per reply from a turn's reply item, each with the id its own item would have had", () => {
    // Arrange: three replies of one turn in one item, as logReplies writes them
    const first = { kind: 'text', text: 'Hi!', mid: 'm.r1', time: '2026-03-02T10:00:00.100Z' };
    const later = [
      { kind: 'quick_replies', text: 'Pick one [A | B]', mid: 'm.r2', time: '2026-03-02T10:00:00.250Z' },
      { kind: 'buttons', mid: 'm.r3', time: '2026-03-02T10:00:00.400Z' },
    ];
    const item = {
      pk: 'MSGLOG#psid-7',
      sk: `${first.time}#out#${first.mid}`,
      type: 'messageLog',
      expiresAt: 1,
      psid: 'psid-7',
      direction: 'out',
      ...first,
      more: later,
    };
    const batch = [{ eventName: 'INSERT', dynamodb: { NewImage: marshall(item) } }];

    // Act: the same batch delivered twice (a retried stream batch)
    const events = eventsFromStream(batch);
    const again = eventsFromStream(batch);

    // Assert
    expect(events.map((e) => [e.type, e.eventId, e.time, e.props])).toEqual([
      ['messenger.message.sent', eventIdFromKey(item.pk, item.sk), first.time, { kind: 'text' }],
      [
        'messenger.message.sent',
        eventIdFromKey(item.pk, `${later[0]?.time}#out#m.r2`),
        later[0]?.time,
        { kind: 'quick_replies' },
      ],
      [
        'messenger.message.sent',
        eventIdFromKey(item.pk, `${later[1]?.time}#out#m.r3`),
        later[1]?.time,
        { kind: 'buttons' },
      ],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    expect(again).toEqual(events);
    expect(encodeBatch(again)).toEqual(encodeBatch(events));
    expect(JSON.stringify(events)).not.toContain('Pick one');
  });

  it('It should skip a message log item that lacks what its event needs', () => {
    // Arrange
    const base = {
      pk: 'MSGLOG#p',
      sk: 's',
      type: 'messageLog',
      psid: 'p',
      direction: 'in',
      time: '2026-03-01T00:00:00.000Z',
    };
    const broken = [
      { ...base, time: 'yesterday' },
      { ...base, direction: 'sideways' },
      { ...base, psid: 7 },
    ];

    // Act
    const events = eventsFromStream(
      [base, ...broken].map((i) => ({ eventName: 'INSERT', dynamodb: { NewImage: marshall(i) } })),
    );

    // Assert
    expect(events).toHaveLength(1);
  });
});
