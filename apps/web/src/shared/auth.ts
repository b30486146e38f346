// Sign-in state in the browser. The access token lives in this module's memory only (never in
// storage a script injection could read at leisure); the refresh token is an HttpOnly cookie that
// auth-otp sets in browser mode (`mode: "cookie"`), scoped to the refresh and logout paths, so
// page scripts never see it. A reload restores the session with one silent refresh.

import createClient from 'openapi-fetch';
import { useEffect, useState } from 'preact/hooks';
import type { AuthPaths, TokenPair } from './api-types';
import { ApiError, unwrap } from './problem';

export interface Session {
  accessToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  userId: string;
  role: 'user' | 'admin';
}

/** Refresh this long before the access token expires (clock skew, a slow network). */
const REFRESH_MARGIN_MS = 60_000;

const client = createClient<AuthPaths>({ baseUrl: globalThis.location?.origin ?? '' });

let session: Session | null = null;
let status: 'unknown' | 'signedIn' | 'signedOut' = 'unknown';
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<Session | null> | undefined;
const listeners = new Set<() => void>();

function claims(token: string): { sub: string; role: 'user' | 'admin' } {
  // Display-only decoding: the APIs verify the signature; the app only needs who and which role.
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const parsed = JSON.parse(json) as { sub: string; role?: string };
  return { sub: parsed.sub, role: parsed.role === 'admin' ? 'admin' : 'user' };
}

function setSession(pair: TokenPair | null): Session | null {
  clearTimeout(timer);
  if (pair) {
    const { sub, role } = claims(pair.accessToken);
    session = {
      accessToken: pair.accessToken,
      expiresAt: Date.now() + pair.expiresIn * 1000,
      userId: sub,
      role,
    };
    status = 'signedIn';
    timer = setTimeout(() => void refresh(), Math.max(5_000, pair.expiresIn * 1000 - REFRESH_MARGIN_MS));
  } else {
    session = null;
    status = 'signedOut';
  }
  for (const fn of listeners) fn();
  return session;
}

/** Asks for an emailed code (202 for any well-formed address). */
export async function requestCode(email: string) {
  return unwrap(await client.POST('/auth/otp/request', { body: { email } }));
}

/** Redeems the code; the refresh token comes back as the HttpOnly cookie, not in the body. */
export async function verifyCode(email: string, code: string): Promise<Session> {
  const pair = unwrap(await client.POST('/auth/otp/verify', { body: { email, code, mode: 'cookie' } }));
  return setSession(pair) as Session;
}

/**
 * Exchanges the refresh cookie for a new access token (the cookie rotates). One request at a time:
 * parallel callers share it, since a second rotation of the same token would be seen as reuse.
 */
export function refresh(): Promise<Session | null> {
  inflight ??= (async () => {
    try {
      const result = await client.POST('/auth/token/refresh', { body: { mode: 'cookie' } });
      return setSession(unwrap(result));
    } catch (err) {
      // 401/403: no cookie, expired, revoked or blocked → signed out. A network failure keeps
      // the current state (the next call retries).
      if (err instanceof ApiError) return setSession(null);
      if (status === 'unknown') return setSession(null);
      return session;
    } finally {
      inflight = undefined;
    }
  })();
  return inflight;
}

/** The access token for a request, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | undefined> {
  if (status === 'unknown' || (session && session.expiresAt - Date.now() < 30_000)) await refresh();
  return session?.accessToken;
}

/** Revokes the session and clears the refresh cookie. */
export async function signOut(): Promise<void> {
  const token = await accessToken();
  if (token) {
    // The answer also clears the refresh cookie (Set-Cookie with Max-Age=0 on its path).
    await client.POST('/auth/logout', { headers: { authorization: `Bearer ${token}` } });
  }
  setSession(null);
}

/** Called when an API answers 401: the session is gone (revoked elsewhere, blocked). */
export function sessionLost(): void {
  if (session) setSession(null);
}

export const getSession = () => session;

/** The session and whether the first silent refresh has answered yet. */
export function useSession(): { session: Session | null; status: typeof status } {
  const [, force] = useState(0);
  useEffect(() => {
    const fn = () => force((n) => n + 1);
    listeners.add(fn);
    if (status === 'unknown') void refresh();
    return () => {
      listeners.delete(fn);
    };
  }, []);
  return { session, status };
}
