import { decodeCursor, encodeCursor, listResponse, page } from '../../src/db/cursor';

const field = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string; errors?: { field: string }[] }).errors?.[0]?.field;
  }
  return 'no error';
};

describe('the pagination cursor', () => {
  it('It should round-trip a LastEvaluatedKey as an opaque url-safe string', () => {
    const key = { pk: 'APPT#1', sk: 'APPT', gsi1pk: 'UAPPT#u1', gsi1sk: '2026-12-01T09:00:00Z#1', n: 3 };
    const cursor = encodeCursor(key) as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { bound: { gsi1pk: 'UAPPT#u1' }, required: ['pk', 'sk'] })).toEqual(key);
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('It should refuse garbage, non-objects, nested values, oversize and another partition’s cursor with a 400 naming query.cursor', () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(field(() => decodeCursor('%%%'))).toBe('query.cursor');
    expect(field(() => decodeCursor(Buffer.from('{not json').toString('base64url')))).toBe('query.cursor');
    expect(field(() => decodeCursor(enc([1, 2])))).toBe('query.cursor');
    expect(field(() => decodeCursor(enc({ pk: { S: 'x' } })))).toBe('query.cursor');
    expect(field(() => decodeCursor(enc({})))).toBe('query.cursor');
    expect(field(() => decodeCursor('a'.repeat(2000)))).toBe('query.cursor');
    expect(
      field(() => decodeCursor(enc({ gsi1pk: 'UAPPT#u2', pk: 'x' }), { bound: { gsi1pk: 'UAPPT#u1' } })),
    ).toBe('query.cursor');
    expect(
      field(() => decodeCursor(enc({ gsi1pk: 'UAPPT#u1' }), { required: ['pk'], field: 'cursor' })),
    ).toBe('cursor');
  });

  it('It should shape every list as { items, nextCursor } with null on the last page', () => {
    expect(page([1, 2], undefined)).toEqual({ items: [1, 2], nextCursor: null });
    expect(page([1], { pk: 'a' }).nextCursor).toBe(encodeCursor({ pk: 'a' }));
    expect(listResponse(['x'], 'abc')).toEqual({ items: ['x'], nextCursor: 'abc' });
  });
});
