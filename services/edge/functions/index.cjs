'use strict';
// The CloudFront Functions' code as strings, for serverless.yml (`${file(./functions/index.cjs):spaFallback}`):
// the same files are run in Node by the unit test (test/infra/edge.test.ts), so what is tested is
// exactly what is deployed.
const { readFileSync } = require('node:fs');
const path = require('node:path');

const read = (name) => readFileSync(path.join(__dirname, name), 'utf8');

module.exports = { spaFallback: read('spa-fallback.js'), stripApiPrefix: read('strip-api-prefix.js') };
