// CloudFront Function (cloudfront-js-2.0), viewer request, on the `/api/*` behaviour: the user-api
// routes are /me, /appointments… at the root of its stage, so /api/me reaches the origin as /me
// (the origin path adds the stage: /prod/me). The other APIs already own their prefix
// (/auth/…, /admin/…, /webhook) and need no rewrite.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by name
function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\/api(?=\/|$)/, '') || '/';
  return request;
}
