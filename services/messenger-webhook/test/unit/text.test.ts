import { detectIntent, detectLocale, normalize, parseCode, parseEmail } from '../../src/conversation/text';

describe('keyword intents', () => {
  it.each([
    ['Book', 'book', 'en'],
    ['I want to BOOK an appointment', 'book', 'en'],
    ['Đặt lịch', 'book', 'vi'],
    ['dat lich', 'book', 'vi'],
    ['ĐẶT HẸN giúp em', 'book', 'vi'],
    ['cancel', 'cancel', 'en'],
    ['Hủy', 'cancel', 'vi'],
    ['huỷ', 'cancel', 'vi'],
    ['my appointments', 'appointments', 'en'],
    ['Lịch của tôi', 'appointments', 'vi'],
    ['HELP', 'help', 'en'],
    ['trợ giúp', 'help', 'vi'],
    ['talk to a human please', 'human', 'en'],
    ['cho em gặp nhân viên', 'human', 'vi'],
    ['Xin chào', 'greeting', 'vi'],
    ['hello!', 'greeting', 'en'],
  ])('It should read “%s” as %s (%s)', (text, intent, locale) => {
    // Arrange, Act
    const found = detectIntent(text);

    // Assert
    expect(found).toEqual({ intent, locale });
  });

  it('It should find no intent in unrelated text or inside longer words', () => {
    // Arrange
    const texts = ['what is the weather', 'bookshelf', 'xyz'];

    // Act
    const found = texts.map(detectIntent);

    // Assert
    expect(found).toEqual([undefined, undefined, undefined]);
  });
});

describe('text helpers', () => {
  it('It should strip accents and đ, case and punctuation', () => {
    // Arrange, Act
    const n = normalize('  ĐẶT Lịch!!  ');

    // Assert
    expect(n).toBe('dat lich');
  });

  it('It should detect Vietnamese from its letters only', () => {
    // Arrange, Act
    const verdicts = [detectLocale('Chào shop'), detectLocale('hello'), detectLocale('dat lich')];

    // Assert
    expect(verdicts).toEqual(['vi', undefined, undefined]);
  });

  it('It should accept plausible emails and 6-digit codes and refuse the rest', () => {
    // Arrange, Act
    const emails = [parseEmail(' ana@example.com '), parseEmail('ana@'), parseEmail('not an email')];
    const codes = [parseCode('123456'), parseCode('code: 123 456'), parseCode('12345'), parseCode('hello')];

    // Assert
    expect(emails).toEqual(['ana@example.com', undefined, undefined]);
    expect(codes).toEqual(['123456', '123456', undefined, undefined]);
  });
});
