// Creates the table and bucket in the local stand-ins from the same IaC the cloud uses:
// services/data/serverless.yml is parsed and its MainTable properties become CreateTable input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import YAML from 'yaml';
import { ROOT } from './stack.mjs';

/** The MainTable definition from the data stack, with `${sls:stage}` substituted. */
export function tableDefinition(stage = 'local') {
  const text = readFileSync(path.join(ROOT, 'services/data/serverless.yml'), 'utf8').replace(
    /\$\{sls:stage\}/g,
    stage,
  );
  const doc = YAML.parse(text);
  return doc.resources.Resources.MainTable.Properties;
}

export async function createTables(env) {
  const p = tableDefinition('local');
  const client = new DynamoDBClient({
    endpoint: env.DYNAMODB_ENDPOINT,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const TableName = env.TABLE_NAME;
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: p.BillingMode,
        AttributeDefinitions: p.AttributeDefinitions,
        KeySchema: p.KeySchema,
        GlobalSecondaryIndexes: p.GlobalSecondaryIndexes,
        StreamSpecification: { StreamEnabled: true, StreamViewType: p.StreamSpecification.StreamViewType },
      }),
    );
  } catch (err) {
    if (err.name !== 'ResourceInUseException') throw err;
  }
  await client
    .send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: p.TimeToLiveSpecification }))
    .catch(() => {});
  client.destroy();
}

export async function createBucket(env) {
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: env.AWS_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: env.EVENT_BUCKET }));
  } catch (err) {
    if (!['BucketAlreadyOwnedByYou', 'BucketAlreadyExists'].includes(err.name)) throw err;
  }
  s3.destroy();
}
