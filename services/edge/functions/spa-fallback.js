// CloudFront Function (cloudfront-js-2.0), viewer request, on the app behaviours (`/book*`,
// `/console*`) and the default one. The apps are single-page: a deep link such as
// /book/appointments/123 has no object in the bucket, so it is served the area's index.html.
// Done here rather than with distribution-wide custom error responses, which would also turn the
// APIs' own 403/404 answers into an HTML page with status 200.
// Files (a last segment with a dot: /book/assets/app-3f2a.js, /console/favicon.svg) pass unchanged.
var AREAS = ['book', 'console'];

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by name
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/' || uri === '') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/book/' } } };
  }
  var parts = uri.split('/');
  var area = parts[1];
  if (AREAS.indexOf(area) === -1) return request;
  var last = parts[parts.length - 1];
  if (parts.length > 2 && last.indexOf('.') !== -1) return request;
  request.uri = `/${area}/index.html`;
  return request;
}
