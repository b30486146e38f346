import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STREAM_EVENT_ITEM_TYPES } from '@bookingbot/common/analytics';
import { parse } from 'yaml';

/**
 * The deployed writer only sees what its event filter lets through: a stream item type the writer
 * reads but the filter drops would never reach the lake (serverless-offline runs no filters, so
 * only this test notices).
 */
describe('the event writer stream filter', () => {
  it('It should let through inserts of exactly the item types the writer turns into events', () => {
    // Arrange
    const yml = parse(readFileSync(path.join(__dirname, '../../serverless.yml'), 'utf8'));

    // Act
    const stream = yml.functions.eventWriter.events[0].stream;
    const patterns = stream.filterPatterns as Array<{
      eventName: string[];
      dynamodb: { NewImage: { type: { S: string[] } } };
    }>;

    // Assert
    expect(patterns.map((p) => p.eventName)).toEqual([['INSERT']]);
    expect(patterns.flatMap((p) => p.dynamodb.NewImage.type.S).sort()).toEqual(
      [...STREAM_EVENT_ITEM_TYPES].sort(),
    );
  });
});
