// The contract check (Jest globalTeardown, after every project ran): each answer the e2e suites
// recorded (test/contract/record.ts) is validated against the OpenAPI document the service itself
// serves at GET /openapi.json — documented route and status, content type, body schema, and
// problem+json (with `status` equal to the HTTP status) for every error. The documents are first
// validated as OpenAPI 3.1 (@seriousme/openapi-schema-validator). When the whole e2e project ran
// (no path or name filter) a documented route that no e2e test called fails the run too.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The validator libraries are dependencies of the infra package (the OpenAPI tooling lives there).
const infraRequire = createRequire(path.join(ROOT, 'infra/package.json'));

const SERVICES = {
  'auth-otp': () => process.env.AUTH_URL,
  'messenger-webhook': () => process.env.WEBHOOK_URL?.replace(/\/webhook\/?$/, ''),
  'user-api': () => process.env.USER_API_URL,
  'admin-api': () => process.env.ADMIN_API_URL,
};

function samplesIn(dir) {
  const out = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson')))
    for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n'))
      if (line) out.push(JSON.parse(line));
  return out;
}

/** `/appointments/{id}/cancel` → a regex matching one concrete path. */
const templateRegex = (t) =>
  new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
const mediaType = (ct) => (ct ?? '').split(';')[0].trim().toLowerCase();

function isFullRun(globalConfig) {
  const patterns = globalConfig.testPathPatterns?.patterns ?? globalConfig.testPathPattern ?? [];
  const filtered = Array.isArray(patterns) ? patterns.length > 0 : Boolean(patterns);
  const projects = globalConfig.selectProjects ?? [];
  return !filtered && !globalConfig.testNamePattern && (!projects.length || projects.includes('e2e'));
}

export default async function contractCheck(globalConfig) {
  const dir = process.env.TEST_LOG_DIR && path.join(process.env.TEST_LOG_DIR, 'contract');
  if (!dir || !existsSync(dir)) return;
  const samples = samplesIn(dir);
  if (!samples.length) return;

  const { Validator } = await import(
    pathToFileURL(infraRequire.resolve('@seriousme/openapi-schema-validator')).href
  );
  const Ajv2020 = infraRequire('ajv/dist/2020').default;
  const addFormats = infraRequire('ajv-formats').default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);

  const violations = [];
  const docs = {};
  for (const [service, base] of Object.entries(SERVICES)) {
    const url = base();
    if (!url) continue;
    const res = await fetch(`${url}/openapi.json`);
    if (res.status !== 200) {
      violations.push(`${service}: GET /openapi.json answered ${res.status}`);
      continue;
    }
    const doc = await res.json();
    const result = await new Validator().validate(doc);
    if (!result.valid)
      violations.push(
        `${service}: /openapi.json is not valid OpenAPI 3.1: ${JSON.stringify(result.errors).slice(0, 500)}`,
      );
    if (doc.openapi !== '3.1.0') violations.push(`${service}: openapi is ${doc.openapi}, not 3.1.0`);
    docs[service] = doc;
  }

  const compiled = new Map();
  const validatorFor = (key, schema) => {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
    return compiled.get(key);
  };
  const seen = new Set();

  for (const s of samples) {
    const doc = docs[s.service];
    if (!doc) continue;
    const where = `${s.method} ${s.path} → ${s.status} (${s.service}, ${s.test})`;
    const match = Object.entries(doc.paths).find(
      ([t, item]) => item[s.method.toLowerCase()] && templateRegex(t).test(s.path),
    );
    if (!match) {
      // A path no route serves: API Gateway's own 404/403 (problem+json from the gateway layer).
      if (s.status >= 400 && mediaType(s.contentType) === 'application/problem+json') continue;
      violations.push(`${where}: no documented route`);
      continue;
    }
    const [template, item] = match;
    const op = item[s.method.toLowerCase()];
    seen.add(`${s.service} ${s.method} ${template}`);
    const spec = op.responses[String(s.status)] ?? (s.status >= 400 ? op.responses.default : undefined);
    if (!spec) {
      violations.push(
        `${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`,
      );
      continue;
    }
    if (!spec.content) {
      if (s.body) violations.push(`${where}: documented without a body, got ${s.body.slice(0, 80)}`);
      continue;
    }
    const [type, media] = Object.entries(spec.content)[0];
    if (mediaType(s.contentType) !== type) {
      violations.push(`${where}: content type ${s.contentType}, documented ${type}`);
      continue;
    }
    let body = s.body;
    if (/json$/.test(type)) {
      try {
        body = JSON.parse(s.body);
      } catch {
        violations.push(`${where}: body is not JSON`);
        continue;
      }
    }
    const schema = media.schema.$ref
      ? doc.components.schemas[media.schema.$ref.split('/').pop()]
      : media.schema;
    const validate = validatorFor(
      `${s.service} ${s.method} ${template} ${s.status in op.responses ? s.status : 'default'}`,
      schema,
    );
    if (!validate(body)) violations.push(`${where}: body does not match: ${ajv.errorsText(validate.errors)}`);
    if (s.status >= 400 && body?.status !== s.status)
      violations.push(`${where}: problem "status" is ${JSON.stringify(body?.status)}, not ${s.status}`);
  }

  if (isFullRun(globalConfig))
    for (const [service, doc] of Object.entries(docs))
      for (const [template, item] of Object.entries(doc.paths))
        for (const method of Object.keys(item))
          if (!seen.has(`${service} ${method.toUpperCase()} ${template}`))
            violations.push(
              `${service} ${method.toUpperCase()} ${template}: documented but no e2e test called it`,
            );

  writeFileSync(
    path.join(dir, 'report.json'),
    JSON.stringify({ samples: samples.length, violations }, null, 2),
  );
  console.log(
    `\ncontract: ${samples.length} e2e answers checked against the services' OpenAPI documents, ${violations.length} violation(s)`,
  );
  if (violations.length)
    throw new Error(
      `API contract violations (${violations.length}; all in ${path.join(dir, 'report.json')}):\n  ${violations.slice(0, 40).join('\n  ')}`,
    );
}
