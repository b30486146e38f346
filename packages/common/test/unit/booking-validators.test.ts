import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { isCalendarDate, isoDateSchema, isValidTimeZone, timeZoneSchema } from '../../src/booking/model';

// The schemas' date and zone checks are written without luxon (it stays out of the bundles of
// functions that only validate); they must still agree with luxon, which computes the slots.
describe('booking validators without luxon', () => {
  it('It should accept exactly the YYYY-MM-DD days luxon accepts', () => {
    const years = [
      '0000',
      '0001',
      '0099',
      '0100',
      '1582',
      '1900',
      '1970',
      '2000',
      '2023',
      '2024',
      '2100',
      '2400',
      '9999',
    ];
    const differ: string[] = [];
    for (const y of years)
      for (let m = 0; m <= 13; m++)
        for (let d = 0; d <= 32; d++) {
          const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          if (isCalendarDate(day) !== DateTime.fromISO(day).isValid) differ.push(day);
        }
    expect(differ).toEqual([]);
  });

  it('It should agree with luxon on random days', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const day = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(isCalendarDate(day)).toBe(DateTime.fromISO(day).isValid);
        },
      ),
    );
  });

  it('It should accept exactly the time zones luxon accepts', () => {
    const zones = [
      'Asia/Ho_Chi_Minh',
      'Europe/London',
      'UTC',
      'utc',
      'Etc/GMT+5',
      'America/New_York',
      'EST',
      'GMT',
    ];
    const notZones = ['Mars/Base', '', 'Asia/Nowhere', '+07:00', 'Local', 'Z', 'Europe/London '];
    for (const zone of [...zones, ...notZones])
      expect([zone, isValidTimeZone(zone)]).toEqual([zone, IANAZone.isValidZone(zone)]);
    expect(zones.every(isValidTimeZone)).toBe(true);
    expect(notZones.some(isValidTimeZone)).toBe(false);
  });

  it('It should name the problem of a bad date or zone', () => {
    expect(isoDateSchema().safeParse('2026-02-30').error?.issues[0]?.message).toBe('is not a calendar date');
    expect(isoDateSchema().safeParse('2026-2-3').error?.issues[0]?.message).toBe('must be YYYY-MM-DD');
    expect(timeZoneSchema().safeParse('Mars/Base').error?.issues[0]?.message).toBe(
      'must be an IANA time zone',
    );
    expect(isoDateSchema().safeParse('2024-02-29').success).toBe(true);
  });
});
