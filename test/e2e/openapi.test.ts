import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TABLES } from '../routes';
import { baseUrl } from '../security/support/routes';

/** Validates documents with @seriousme/openapi-schema-validator (ESM, so in a child process). */
function validateOpenApi(docs: { name: string; doc: unknown }[]) {
  const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../infra/openapi/validate.mjs')], {
    input: JSON.stringify(docs),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`validate.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { name: string; valid: boolean; version: string; errors: unknown[] }[];
}

describe.each(TABLES.map((t) => [t.service, t] as const))('GET /openapi.json of %s', (service, table) => {
  it('It should serve a valid OpenAPI 3.1 document, publicly, that documents every route of the table', async () => {
    const res = await fetch(`${baseUrl(service)}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };

    const [result] = validateOpenApi([{ name: service, doc }]);
    expect(result).toMatchObject({ valid: true, version: '3.1', errors: [] });
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(table.routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('It should document errors as problem+json and protected routes with the bearer scheme', async () => {
    const doc = (await (await fetch(`${baseUrl(service)}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: Record<string, { content?: object }> }>
      >;
    };
    for (const r of table.routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(Object.keys(op?.responses.default?.content ?? {})).toEqual(['application/problem+json']);
      expect(`${r.method} ${r.path} ${JSON.stringify(op?.security ?? null)}`).toBe(
        `${r.method} ${r.path} ${r.access === 'user' || r.access === 'admin' ? '[{"bearer":[]}]' : 'null'}`,
      );
    }
  });
});
