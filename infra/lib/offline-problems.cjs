'use strict';
/**
 * serverless-offline ignores AWS::ApiGateway::GatewayResponse, so locally its own refusals (the
 * authorizer's 401/403, an unknown route's 404) came back as Hapi's `{statusCode, error, message}`
 * JSON (and a crashed or timed-out Lambda a 502 with offline's JSON) while deployed they are
 * problem+json (lib/gateway-responses.cjs). serverless-offline gives
 * plugins no handle on its Hapi server, so this adds one `onPreResponse` extension to every Hapi
 * server the process starts (the offline plugin runs in the same process and loads the same
 * `@hapi/hapi` module): a Boom error becomes the problem document the gateway would send, with the
 * same `code`s. Handler answers (never Boom) pass untouched. Installed only by `serverless offline`.
 */
const path = require('node:path');
const { RESPONSES } = require('./gateway-responses.cjs');

const BY_STATUS = {
  401: RESPONSES.find((r) => r.type === 'UNAUTHORIZED'),
  403: RESPONSES.find((r) => r.type === 'ACCESS_DENIED'),
  429: RESPONSES.find((r) => r.type === 'THROTTLED'),
  504: RESPONSES.find((r) => r.type === 'INTEGRATION_TIMEOUT'),
};
const DEFAULT_4XX = RESPONSES.find((r) => r.type === 'DEFAULT_4XX');
const DEFAULT_5XX = RESPONSES.find((r) => r.type === 'DEFAULT_5XX');

/** The problem document for a refusal with `status` and `message` (what the gateway would send). */
function problemFor(status, message, requestId) {
  const r = BY_STATUS[status] ?? (status >= 500 ? DEFAULT_5XX : DEFAULT_4XX);
  return {
    type: `https://bookingbot.dev/problems/${r.code}`,
    title: r.title,
    status,
    code: r.code,
    detail: message,
    ...(requestId ? { instance: requestId } : {}),
  };
}

/** Offline's own answer to a crashed or timed-out Lambda: a plain response, not Boom, with JSON. */
const lambdaFailure = (response) =>
  (response?.statusCode === 502 || response?.statusCode === 504) &&
  !String(response.headers?.['content-type'] ?? '').startsWith('application/problem+json');

function onPreResponse(request, h) {
  const response = request.response;
  if (!response?.isBoom && lambdaFailure(response)) {
    // API Gateway answers a Lambda error 502 and a timeout 504, through DEFAULT_5XX /
    // INTEGRATION_TIMEOUT: the same problem documents here.
    const problem = problemFor(response.statusCode, 'Internal server error', request.info?.id);
    return h.response(JSON.stringify(problem)).code(response.statusCode).type('application/problem+json');
  }
  if (!response?.isBoom) return h.continue;
  const { statusCode, payload, headers } = response.output;
  const problem = problemFor(statusCode, String(payload?.message ?? payload?.error ?? ''), request.info?.id);
  const out = h.response(JSON.stringify(problem)).code(statusCode).type('application/problem+json');
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.toLowerCase() !== 'content-type') out.header(k, v);
  return out;
}

let installed = false;
/** Patches the Hapi `Server` serverless-offline will construct (resolved from its own folder). */
function installOfflineProblems(serviceDir) {
  if (installed) return;
  const offlineDir = path.dirname(require.resolve('serverless-offline', { paths: [serviceDir] }));
  const hapi = require(require.resolve('@hapi/hapi', { paths: [offlineDir] }));
  // `Server` is a factory returning an internal class's instance: patch that class's prototype,
  // found through a throwaway (never started) server.
  const proto = Object.getPrototypeOf(hapi.server());
  const start = proto.start;
  proto.start = function startWithProblems(...args) {
    this.ext('onPreResponse', onPreResponse);
    return start.apply(this, args);
  };
  installed = true;
}

module.exports = { installOfflineProblems, problemFor };
