// Validates OpenAPI documents with @seriousme/openapi-schema-validator (the official OpenAPI 3.x
// JSON Schemas). ESM only, hence this small script: tests run it as a child process.
// stdin: [{ name, doc }] → stdout: [{ name, valid, errors }]
import { Validator } from '@seriousme/openapi-schema-validator';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const docs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = [];
for (const { name, doc } of docs) {
  const validator = new Validator();
  const result = await validator.validate(doc);
  out.push({ name, valid: result.valid, version: validator.version, errors: result.errors ?? [] });
}
process.stdout.write(JSON.stringify(out));
