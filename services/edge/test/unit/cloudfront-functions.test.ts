import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/**
 * The CloudFront Functions run as plain JavaScript: each file is evaluated here exactly as it is
 * deployed (serverless.yml inlines the same text), in a fresh context with no Node globals, and its
 * `handler` is called with viewer-request events shaped like CloudFront's.
 */
type Request = {
  method: string;
  uri: string;
  querystring: Record<string, unknown>;
  headers: Record<string, unknown>;
};
type Handler = (event: {
  request: Request;
}) => Request | { statusCode: number; headers: Record<string, { value: string }> };

function load(file: string): Handler {
  const code = readFileSync(path.join(__dirname, '../../functions', file), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(code, context);
  return context.handler as Handler;
}

const event = (uri: string) => ({
  version: '1.0',
  context: { eventType: 'viewer-request' },
  viewer: { ip: '198.51.100.7' },
  request: { method: 'GET', uri, querystring: { lang: { value: 'vi' } }, headers: {} },
});

describe('the strip-api-prefix function (/api/* → user-api)', () => {
  const handler = load('strip-api-prefix.js');

  it.each([
    ['/api/me', '/me'],
    ['/api/appointments/01J9/reschedule', '/appointments/01J9/reschedule'],
    ['/api/', '/'],
    ['/api', '/'],
  ])('It should send %s to the origin as %s', (uri, expected) => {
    const result = handler(event(uri)) as Request;
    expect(result.uri).toBe(expected);
  });

  it('It should strip only a whole leading segment and keep the query string', () => {
    const result = handler(event('/apiary/api/x')) as Request;
    expect(result.uri).toBe('/apiary/api/x');
    expect(result.querystring).toEqual({ lang: { value: 'vi' } });
  });
});

describe('the spa-fallback function (/book*, /console* and the default behaviour)', () => {
  const handler = load('spa-fallback.js');

  it.each([
    ['/book/some/route', '/book/index.html'],
    ['/book', '/book/index.html'],
    ['/book/', '/book/index.html'],
    ['/console/today', '/console/index.html'],
    ['/console/customers/01J9ABC', '/console/index.html'],
  ])('It should serve the deep link %s from %s', (uri, expected) => {
    expect((handler(event(uri)) as Request).uri).toBe(expected);
  });

  it.each(['/book/assets/x.js', '/book/assets/index-3f2a9c.css', '/console/favicon.svg', '/book/index.html'])(
    'It should leave the file %s unchanged',
    (uri) => {
      expect((handler(event(uri)) as Request).uri).toBe(uri);
    },
  );

  it('It should leave paths outside the two areas to the origin (never an index.html)', () => {
    expect((handler(event('/bookings/x')) as Request).uri).toBe('/bookings/x');
    expect((handler(event('/robots.txt')) as Request).uri).toBe('/robots.txt');
  });

  it('It should redirect the bare host to the booking page', () => {
    const result = handler(event('/'));
    expect(result).toMatchObject({ statusCode: 302, headers: { location: { value: '/book/' } } });
  });
});
