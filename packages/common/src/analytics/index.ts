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
  eventIdFromKey,
  eventsFromStream,
  type LakePut,
  lakePut,
  messageEventFromLog,
  messageEventsFromLog,
  STREAM_EVENT_ITEM_TYPES,
  type StreamRecordLike,
  s3PutTransport,
  tableStreamArn,
  writeEventBatch,
} from './writer';
