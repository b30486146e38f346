import { readFileSync } from 'node:fs';
import path from 'node:path';
import { workerPayloadJson } from '../../src/lib/worker-client';

describe('workerPayloadJson', () => {
  it('It should wrap the raw webhook bytes without re-serializing them, as valid JSON', () => {
    // Arrange
    const raw = readFileSync(path.join(__dirname, '../fixtures/single.json'), 'utf8');

    // Act
    const json = workerPayloadJson(raw, 1763776800100, 'req-"1"');

    // Assert
    expect(json).toContain(raw);
    expect(JSON.parse(json)).toEqual({
      receivedAt: 1763776800100,
      correlationId: 'req-"1"',
      body: JSON.parse(raw),
    });
  });
});
