'use strict';
/**
 * The service's route table (`src/routes.ts`, TypeScript) → the `functions:` Serverless deploys.
 *
 * The table is bundled with esbuild (already a dependency of serverless-esbuild) into one CommonJS
 * string and evaluated in memory: no build step, no compiled copy to keep in sync, and the same
 * resolution (workspace packages, zod) the handlers get. A table imports schemas only, so loading it
 * does no I/O.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

/** Loads `<serviceDir>/src/routes.ts` and returns its `routeTable` export (undefined when absent). */
function loadRouteTable(serviceDir) {
  const file = path.join(serviceDir, 'src', 'routes.ts');
  if (!fs.existsSync(file)) return undefined;
  const esbuild = require(require.resolve('esbuild', { paths: [serviceDir, __dirname] }));
  const out = esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(out.outputFiles[0].text, file);
  const table = mod.exports.routeTable;
  if (!table || !Array.isArray(table.routes))
    throw new Error(`${file} must export routeTable { routes: [...] }`);
  return table;
}

/** `custom:NAME` → `${self:custom.NAME}`, `param:NAME` → `${param:NAME}`; anything else as is. */
function reference(value) {
  if (typeof value !== 'string') return value;
  const m = /^(custom|param):(.+)$/.exec(value);
  if (!m) return value;
  return m[1] === 'custom' ? `\${self:custom.${m[2]}}` : `\${param:${m[2]}}`;
}

/** The authorizer is `custom.authorizer` of the service (one place), wired by `access` only. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Serverless variable syntax
const AUTHORIZER = '${self:custom.authorizer}';

/** One Serverless function definition per route. */
function functionsOf(table) {
  const functions = {};
  for (const r of table.routes) {
    if (functions[r.name]) throw new Error(`route name ${r.name} is used twice`);
    const http = { path: r.path.replace(/^\//, ''), method: r.method.toLowerCase() };
    if (r.access === 'user' || r.access === 'admin') http.authorizer = AUTHORIZER;
    const environment =
      typeof r.environment === 'string'
        ? reference(r.environment)
        : r.environment
          ? Object.fromEntries(Object.entries(r.environment).map(([k, v]) => [k, reference(v)]))
          : undefined;
    functions[r.name] = {
      handler: r.handler,
      description: `${r.method} ${r.path}: ${r.description ?? r.summary}`.slice(0, 256),
      ...(r.timeout ? { timeout: r.timeout } : {}),
      ...(r.memorySize ? { memorySize: r.memorySize } : {}),
      ...(environment ? { environment } : {}),
      iamRoleStatements: r.iam.map((g) => ({
        Effect: 'Allow',
        Action: g.actions,
        Resource: g.resources.map(reference),
      })),
      events: [{ http }],
    };
  }
  return functions;
}

module.exports = { loadRouteTable, functionsOf, reference };
