import { buildEvent, encodeBatch, LAKE_COLUMNS, LAKE_PARTITION } from '@bookingbot/common/analytics';
import { eventsTableDdl } from '../../src/analytics/ddl';
import { REPORT_NAMES, REPORTS, reportParams } from '../../src/analytics/reports';

/**
 * A small parser for the subset of Athena (Hive) DDL we use: CREATE EXTERNAL TABLE with a column
 * list, PARTITIONED BY, ROW FORMAT SERDE, STORED AS INPUTFORMAT/OUTPUTFORMAT, LOCATION and
 * TBLPROPERTIES. Throws on anything it does not recognise, so a malformed statement fails here.
 */
const HIVE_TYPES =
  /^(string|int|integer|bigint|smallint|tinyint|double|float|boolean|date|timestamp|decimal\(\d+,\s*\d+\))$/;

function parseDdl(ddl: string) {
  const m =
    /^CREATE EXTERNAL TABLE IF NOT EXISTS `(\w+)` \(\n([\s\S]+?)\n\)\nPARTITIONED BY \(([^)]+)\)\nROW FORMAT SERDE '([\w.]+)'\nWITH SERDEPROPERTIES \(([^)]*)\)\nSTORED AS INPUTFORMAT '([\w.]+)'\nOUTPUTFORMAT '([\w.]+)'\nLOCATION '(s3:\/\/[^']+)'\nTBLPROPERTIES \(\n([\s\S]+)\n\)$/.exec(
      ddl,
    );
  if (!m) throw new Error('not a CREATE EXTERNAL TABLE statement of the expected shape');
  const column = (text: string) => {
    const c = /^\s*`(\w+)` (\S+)\s*$/.exec(text);
    if (!c || !HIVE_TYPES.test(c[2] as string)) throw new Error(`bad column definition: ${text}`);
    return { name: c[1] as string, type: c[2] as string };
  };
  const props = Object.fromEntries(
    (m[9] as string).split(',\n').map((line) => {
      const p = /^\s*'([\w.]+)' = '([^']*)'\s*$/.exec(line);
      if (!p) throw new Error(`bad table property: ${line}`);
      return [p[1] as string, p[2] as string];
    }),
  );
  return {
    table: m[1],
    columns: (m[2] as string).split(',\n').map(column),
    partitions: (m[3] as string).split(',').map(column),
    serde: m[4],
    location: m[8] as string,
    props,
  };
}

describe('the Athena DDL of the events table', () => {
  const ddl = eventsTableDdl({ bucket: 'bookingbot-prod-events-123456789012' });

  it('It should parse as a CREATE EXTERNAL TABLE with the JSON SerDe over the events prefix', () => {
    // Act
    const parsed = parseDdl(ddl);

    // Assert
    expect(parsed.table).toBe('events');
    expect(parsed.serde).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(parsed.location).toBe('s3://bookingbot-prod-events-123456789012/events/');
  });

  it('It should declare exactly the writer schema columns, in order, and dt as the string partition', () => {
    // Act
    const parsed = parseDdl(ddl);

    // Assert
    expect(parsed.columns).toEqual(LAKE_COLUMNS.map((c) => ({ name: c.name, type: c.athena })));
    expect(parsed.partitions).toEqual([{ name: LAKE_PARTITION.name, type: 'string' }]);
  });

  it('It should enable partition projection on dt as a daily date matching the writer keys', () => {
    // Arrange
    const [object] = encodeBatch([
      buildEvent({ type: 'booking.booked', now: new Date('2026-05-04T10:00:00Z') }),
    ]);

    // Act
    const { props, location } = parseDdl(ddl);

    // Assert
    expect(props).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.interval': '1',
      'projection.dt.interval.unit': 'DAYS',
    });
    expect(props['projection.dt.range']).toMatch(/^\d{4}-\d{2}-\d{2},NOW$/);
    const template = props['storage.location.template'] as string;
    expect(template).toBe(`${location}dt=\${dt}/`);
    const objectUri = `s3://bookingbot-prod-events-123456789012/${object?.key}`;
    expect(objectUri.startsWith(template.replace(/\$\{dt\}/, '2026-05-04'))).toBe(true);
  });

  it('It should reject a DDL whose column type is not a Hive type', () => {
    // Arrange
    const broken = ddl.replace('`event_id` string', '`event_id` text');

    // Act / Assert
    expect(() => parseDdl(broken)).toThrow(/bad column definition/);
  });
});

describe('the named reports', () => {
  const params = reportParams().parse({ from: '2026-01-01', to: '2026-01-31' });

  it('It should list exactly the reports that have SQL (the route table validates with the names)', () => {
    expect([...REPORT_NAMES].sort()).toEqual(Object.keys(REPORTS).sort());
  });

  it.each(REPORT_NAMES)('It should bind one value per placeholder and filter on dt in %s', (name) => {
    // Arrange
    const report = REPORTS[name];

    // Act
    const values = report.bind(params);

    // Assert
    expect((report.sql.match(/\?/g) ?? []).length).toBe(values.length);
    expect(report.sql).toMatch(/dt BETWEEN \? AND \?/);
    expect(report.sql).not.toMatch(/;/);
  });

  it('It should refuse a range that ends before it starts or spans more than 366 days', () => {
    // Act
    const reversed = reportParams().safeParse({ from: '2026-02-01', to: '2026-01-01' });
    const tooLong = reportParams().safeParse({ from: '2024-01-01', to: '2026-01-01' });
    const notADate = reportParams().safeParse({ from: "2026-01-01' OR 1=1 --", to: '2026-01-01' });

    // Assert
    expect(reversed.success).toBe(false);
    expect(tooLong.success).toBe(false);
    expect(notADate.success).toBe(false);
  });
});
