import { icsText } from '../../apps/web/src/shared/calendar';

describe('the booking page\'s "Add to calendar" file', () => {
  const event = {
    uid: 'apt-1',
    title: 'Tư vấn tài chính cá nhân với chuyên gia Nguyễn Thị Minh Khai, tầng 3; phòng 301',
    start: '2026-12-03T08:00:00.000Z',
    end: '2026-12-03T08:30:00.000Z',
    description: 'Mang theo giấy tờ tùy thân\nĐến sớm 10 phút',
  };

  it('It should fold every line at 75 UTF-8 octets and end every line with CRLF', () => {
    // Act
    const text = icsText(event, new Date('2026-12-01T00:00:00Z'));

    // Assert
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('It should give the title and description back escaped once the lines are unfolded', () => {
    // Act
    const unfolded = icsText(event, new Date('2026-12-01T00:00:00Z')).replace(/\r\n /g, '');

    // Assert
    expect(unfolded).toContain(
      'SUMMARY:Tư vấn tài chính cá nhân với chuyên gia Nguyễn Thị Minh Khai\\, tầng 3\\; phòng 301\r\n',
    );
    expect(unfolded).toContain('DESCRIPTION:Mang theo giấy tờ tùy thân\\nĐến sớm 10 phút\r\n');
    expect(unfolded).toContain('DTSTART:20261203T080000Z\r\nDTEND:20261203T083000Z\r\n');
    expect(unfolded).toContain('DTSTAMP:20261201T000000Z\r\n');
  });
});
