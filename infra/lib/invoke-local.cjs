'use strict';
/**
 * `serverless invoke local` with ESM bundles. osls 4.3.1 loads a Node handler with
 * `require(<path without extension>)`, then retries with `.cjs`, but never tries `.mjs` — and every
 * bundle is `handler.mjs` (serverless.base.yml `custom.esbuild`). After serverless-esbuild has built
 * the function for the invocation, this writes a one-line CommonJS `handler.cjs` beside it that
 * re-exports the ESM bundle (`require()` of ESM works on Node ≥ 20.19 and 22), so osls finds it.
 * Only the local invoke build folder gets the shim; packaged zips never contain it.
 */
const { existsSync, writeFileSync } = require('node:fs');
const path = require('node:path');

function writeInvokeShim(serverless, functionName) {
  const fn = serverless.service.getFunction(functionName);
  const handler = fn?.handler;
  if (!handler) return;
  const file = path.join(serverless.serviceDir, handler.slice(0, handler.lastIndexOf('.')));
  if (!existsSync(`${file}.mjs`) || existsSync(`${file}.js`)) return;
  writeFileSync(
    `${file}.cjs`,
    `// Written by @bookingbot/infra for serverless invoke local (osls does not load .mjs).\nmodule.exports = require('./${path.basename(file)}.mjs');\n`,
  );
}

module.exports = { writeInvokeShim };
