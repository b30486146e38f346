export {
  type AnalyticsEvent,
  buildEvent,
  EVENT_SCHEMA_VERSION,
  type EventType,
  type RecordEventInput,
  recordEvent,
} from './events';
export {
  encodeBatch,
  LAKE_COLUMNS,
  LAKE_PARTITION,
  type LakeColumn,
  type LakeObject,
  type LakeRecord,
  toLakeRecord,
} from './lake';
export {
  eventsFromStream,
  lakeS3Client,
  type StreamRecordLike,
  tableStreamArn,
  writeEventBatch,
} from './writer';
