// What the customer picked so far, kept across the screens of one visit (memory only), and the
// display time zone (remembered in localStorage: it is a preference, not a secret).
import { useEffect, useState } from 'preact/hooks';
import { userApi } from '../shared/api';
import type { Consultant, Service, Slot } from '../shared/api-types';
import { browserTimeZone, isTimeZone } from '../shared/format';
import { unwrap } from '../shared/problem';

const TZ_KEY = 'bookingbot.timeZone';

export interface Selection {
  service: Service;
  slot: Slot;
  consultant?: Consultant;
  /** One key per confirm attempt: a retry of this attempt sends it again, a new pick gets a new one. */
  idempotencyKey: string;
}

let selection: Selection | undefined;
export const getSelection = () => selection;
export function select(service: Service, slot: Slot, consultant?: Consultant) {
  selection = { service, slot, ...(consultant ? { consultant } : {}), idempotencyKey: crypto.randomUUID() };
}
export const clearSelection = () => {
  selection = undefined;
};

let timeZone = (() => {
  const stored = globalThis.localStorage?.getItem(TZ_KEY);
  return stored && isTimeZone(stored) ? stored : browserTimeZone();
})();
const tzListeners = new Set<(tz: string) => void>();

export function setTimeZone(tz: string) {
  timeZone = tz;
  localStorage.setItem(TZ_KEY, tz);
  for (const fn of tzListeners) fn(tz);
}

export function useTimeZone(): string {
  const [tz, set] = useState(timeZone);
  useEffect(() => {
    tzListeners.add(set);
    return () => {
      tzListeners.delete(set);
    };
  }, []);
  return tz;
}

// The catalog changes rarely: read once per visit.
let catalog: Promise<{ services: Service[]; consultants: Consultant[] }> | undefined;
export function loadCatalog() {
  catalog ??= (async () => {
    const [s, c] = await Promise.all([userApi.GET('/services'), userApi.GET('/consultants')]);
    return { services: unwrap(s).services, consultants: unwrap(c).consultants };
  })().catch((err: unknown) => {
    catalog = undefined;
    throw err;
  });
  return catalog;
}
