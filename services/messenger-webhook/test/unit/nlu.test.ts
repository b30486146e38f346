import fc from 'fast-check';
import { type NluService, type UnderstandOptions, understand } from '../../src/conversation/nlu';

const services: NluService[] = [
  { id: 'svc-intro-call', name: 'Intro call', synonyms: ['cuộc gọi giới thiệu'] },
  { id: 'svc-consultation', name: 'Consultation', synonyms: ['tư vấn'] },
  { id: 'svc-workshop', name: 'Strategy workshop' },
];
// Wednesday 2 December 2026, 10:00 in Ho Chi Minh City (UTC+7, no DST).
const base: UnderstandOptions = {
  locale: 'en',
  timeZone: 'Asia/Ho_Chi_Minh',
  now: new Date('2026-12-02T03:00:00Z'),
  services,
};

describe('understand: dates and times in the customer zone', () => {
  it('It should read "tomorrow" in the customer zone, not in UTC', () => {
    // Arrange: 00:30 on Thursday in Ho Chi Minh City is still Wednesday 17:30 in UTC.
    const now = new Date('2026-12-02T17:30:00Z');

    // Act
    const got = understand('tomorrow at 3pm', { ...base, now });

    // Assert
    expect(got).toMatchObject({ date: '2026-12-04', time: '15:00' });
  });

  it('It should read dates across a DST change in London with wall-clock times', () => {
    // Arrange: Saturday 28 March 2026, 12:00 in London; clocks go forward on Sunday 29 March.
    const now = new Date('2026-03-28T12:00:00Z');

    // Act
    const got = understand('tomorrow at 9am', { ...base, timeZone: 'Europe/London', now });

    // Assert
    expect(got).toMatchObject({ date: '2026-03-29', time: '09:00' });
    expect(got.past).toBeUndefined();
  });

  it('It should take a weekday named on that same day as today', () => {
    // Act
    const en = understand('Wednesday at 4pm', base);
    const vi = understand('thứ tư lúc 4 giờ chiều', { ...base, locale: 'vi' });

    // Assert
    expect(en).toMatchObject({ date: '2026-12-02', time: '16:00' });
    expect(vi).toMatchObject({ date: '2026-12-02', time: '16:00' });
  });

  it('It should flag a time already over today instead of moving it to tomorrow', () => {
    // Act
    const got = understand('today at 9am', base);

    // Assert
    expect(got).toEqual({ intent: 'unknown', date: '2026-12-02', time: '09:00', past: true });
  });

  it('It should put a day and month already past into next year', () => {
    // Act
    const got = understand('đặt lịch 1/1', { ...base, locale: 'vi' });

    // Assert
    expect(got.date).toBe('2027-01-01');
  });

  it('It should give no date for a day that does not exist', () => {
    // Act
    const got = understand('đặt lịch ngày 31/2', { ...base, locale: 'vi' });

    // Assert
    expect(got).toEqual({ intent: 'book', locale: 'vi' });
  });

  it('It should read d/m day-first in English too (5/12 is 5 December)', () => {
    // Act
    const got = understand('book on 5/12 at 10am', base);

    // Assert
    expect(got).toMatchObject({ date: '2026-12-05', time: '10:00' });
  });
});

describe('understand: language, service and intent', () => {
  it('It should report Vietnamese for Vietnamese text typed without accents', () => {
    // Act
    const got = understand('dat lich tu van 3h chieu mai', base);

    // Assert
    expect(got).toEqual({
      intent: 'book',
      locale: 'vi',
      serviceId: 'svc-consultation',
      date: '2026-12-03',
      time: '15:00',
    });
  });

  it('It should report English for an English keyword while the conversation is in Vietnamese', () => {
    // Act
    const got = understand('cancel my appointment', { ...base, locale: 'vi' });

    // Assert
    expect(got).toEqual({ intent: 'cancel', locale: 'en' });
  });

  it('It should match a service by name, synonym or distinctive word, any case or accents', () => {
    // Act
    const byName = understand('STRATEGY WORKSHOP', base).serviceId;
    const bySynonym = understand('cuoc goi gioi thieu', base).serviceId;
    const byWord = understand('a workshop please', base).serviceId;

    // Assert
    expect([byName, bySynonym, byWord]).toEqual(['svc-workshop', 'svc-intro-call', 'svc-workshop']);
  });

  it('It should name no service when two match equally', () => {
    // Arrange
    const twins: NluService[] = [
      { id: 'a', name: 'Massage', synonyms: ['spa'] },
      { id: 'b', name: 'Facial', synonyms: ['spa'] },
    ];

    // Act
    const got = understand('book a spa', { ...base, services: twins });

    // Assert
    expect(got.serviceId).toBeUndefined();
  });

  it('It should read a yes or no only as a whole short answer', () => {
    // Act
    const answers = ['yes', 'Có', 'ok nhé', 'không', 'No thanks'].map((t) => understand(t, base).intent);
    const inSentence = understand('có giờ nào trống chiều nay không', { ...base, locale: 'vi' }).intent;

    // Assert
    expect(answers).toEqual(['yes', 'yes', 'yes', 'no', 'no']);
    expect(inSentence).not.toBe('yes');
    expect(inSentence).not.toBe('no');
  });
});

describe('understand: any input', () => {
  it('It should never throw and always answer a plain object with well-formed fields', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom<'en' | 'vi'>('en', 'vi'), (text, locale) => {
        // Act
        const got = understand(text, { ...base, locale });

        // Assert
        expect(JSON.parse(JSON.stringify(got))).toEqual(got);
        if (got.date) expect(got.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (got.time) expect(got.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(got.time && got.range).toBeFalsy();
      }),
    );
  });

  it('It should read only the first 500 characters of a long message', () => {
    // Arrange
    const long = `${'a'.repeat(600)} tomorrow`;

    // Act
    const got = understand(long, base);

    // Assert
    expect(got.date).toBeUndefined();
  });
});
