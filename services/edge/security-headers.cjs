'use strict';
/**
 * The response headers every answer of the edge carries (the CloudFront response headers policy in
 * serverless.yml reads them from here, and a local server can send the same ones, so a page that
 * breaks the CSP breaks in the browser tests too).
 *
 * CSP: the built app loads its scripts and styles as files from its own origin (Vite emits no
 * inline script), and calls the APIs on the same origin, so everything is 'self'. No
 * 'unsafe-inline' or 'unsafe-eval' for scripts; images may be data: URLs (icons inlined by Vite).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  'upgrade-insecure-requests',
].join('; ');

/** Two years, the value hstspreload.org asks for; subdomains included. */
const HSTS_MAX_AGE_SECONDS = 63072000;

const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/** The same headers as plain name → value pairs (for a local server). */
const asHeaders = () => ({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': REFERRER_POLICY,
});

module.exports = {
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  hstsMaxAgeSeconds: HSTS_MAX_AGE_SECONDS,
  referrerPolicy: REFERRER_POLICY,
  asHeaders,
};
