'use strict';
/**
 * Answers that API Gateway produces itself (authorizer 401/403, unknown route, throttling, a
 * Lambda timeout) in the same RFC 9457 `application/problem+json` shape as the handlers' errors, so
 * a client parses one error format whatever layer refused it. `$context` values are filled in by
 * API Gateway; `code` uses the same `area.name` strings as the handlers.
 */
const RESPONSES = [
  { type: 'UNAUTHORIZED', status: '401', code: 'auth.unauthorized', title: 'Unauthorized' },
  { type: 'ACCESS_DENIED', status: '403', code: 'auth.forbidden', title: 'Forbidden' },
  { type: 'THROTTLED', status: '429', code: 'rateLimit.exceeded', title: 'Too Many Requests' },
  { type: 'QUOTA_EXCEEDED', status: '429', code: 'rateLimit.quotaExceeded', title: 'Too Many Requests' },
  { type: 'INTEGRATION_TIMEOUT', status: '504', code: 'dependency.timeout', title: 'Gateway Timeout' },
  { type: 'DEFAULT_4XX', code: 'request.rejected', title: 'Request rejected' },
  { type: 'DEFAULT_5XX', code: 'internal.error', title: 'Internal Server Error' },
];

/** The problem document as a mapping template; `messageString` is already a quoted JSON string. */
function template(r) {
  const doc = {
    type: `https://bookingbot.dev/problems/${r.code}`,
    title: r.title,
    ...(r.status ? { status: Number(r.status) } : {}),
    code: r.code,
    detail: '@DETAIL@',
    instance: '$context.requestId',
  };
  return JSON.stringify(doc).replace('"@DETAIL@"', '$context.error.messageString');
}

/** `DEFAULT_4XX` → `GatewayResponseDefault4xx`. */
const logicalId = (type) =>
  `GatewayResponse${type
    .split('_')
    .map((w) => w[0] + w.slice(1).toLowerCase())
    .join('')}`;

function addGatewayResponses(template_) {
  const hasApi = Object.values(template_.Resources ?? {}).some((r) => r.Type === 'AWS::ApiGateway::RestApi');
  if (!hasApi) return;
  for (const r of RESPONSES) {
    const id = logicalId(r.type);
    // A service that declares its own response of this type keeps it.
    if (template_.Resources[id]) continue;
    template_.Resources[id] = {
      Type: 'AWS::ApiGateway::GatewayResponse',
      Properties: {
        RestApiId: { Ref: 'ApiGatewayRestApi' },
        ResponseType: r.type,
        ...(r.status ? { StatusCode: r.status } : {}),
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
        ResponseTemplates: { 'application/json': template(r) },
      },
    };
  }
}

module.exports = { addGatewayResponses, RESPONSES };
