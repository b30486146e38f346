// Hash routing inside an area (`/book/#/appointments`): works on any static host and behind the
// CDN without extra rewrites; the server's SPA fallback still covers deep links to /book/anything.
import { useEffect, useState } from 'preact/hooks';

const current = () => globalThis.location?.hash.replace(/^#/, '') || '/';

/** The current route path (`/`, `/appointments`, …), re-rendering on navigation. */
export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const fn = () => setRoute(current());
    addEventListener('hashchange', fn);
    return () => removeEventListener('hashchange', fn);
  }, []);
  return route;
}

export function navigate(path: string): void {
  if (current() !== path) location.hash = path;
}

/** Matches `/appointments/:id/reschedule` style patterns; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    const p = a[i] as string;
    const v = b[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = decodeURIComponent(v);
    else if (p !== v) return null;
  }
  return params;
}
