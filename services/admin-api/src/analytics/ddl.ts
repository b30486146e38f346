import { LAKE_COLUMNS, LAKE_PARTITION } from '@bookingbot/common/analytics';

/** First day partition projection enumerates; earlier days cannot hold events. */
export const PROJECTION_START = '2025-01-01';

/**
 * The Athena table over the event lake, as DDL (no Glue crawler, no partition maintenance):
 * partition projection computes the `dt=YYYY-MM-DD` prefixes from the query's `dt` predicate, so a
 * new day is queryable the moment its first object lands. Columns come from the writer's schema
 * (LAKE_COLUMNS); gzip is detected from the `.gz` suffix by TextInputFormat.
 * Applied once per cold start by the Athena engine (`CREATE EXTERNAL TABLE IF NOT EXISTS`; DDL
 * statements are not billed).
 */
export function eventsTableDdl(opts: { bucket: string; table?: string }): string {
  const table = opts.table ?? 'events';
  const location = `s3://${opts.bucket}/events/`;
  const columns = LAKE_COLUMNS.map((c) => `  \`${c.name}\` ${c.athena}`).join(',\n');
  return `CREATE EXTERNAL TABLE IF NOT EXISTS \`${table}\` (
${columns}
)
PARTITIONED BY (\`${LAKE_PARTITION.name}\` ${LAKE_PARTITION.athena})
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '${location}'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.dt.type' = 'date',
  'projection.dt.format' = 'yyyy-MM-dd',
  'projection.dt.range' = '${PROJECTION_START},NOW',
  'projection.dt.interval' = '1',
  'projection.dt.interval.unit' = 'DAYS',
  'storage.location.template' = '${location}dt=\${dt}/',
  'classification' = 'json',
  'compressionType' = 'gzip'
)`;
}
