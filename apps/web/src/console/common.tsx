// Pieces every console screen uses: a modal dialog (native <dialog>: focus trap, Escape, announced
// as a dialog), the customer-name cache, day arithmetic in the staff member's zone, and the text of
// an API refusal.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browserTimeZone, dayInZone } from '../shared/format';
import { sharedMessages } from '../shared/i18n';
import { errorText, unwrap } from '../shared/problem';
import { type AdminUser, adminApi } from './api';
import { consoleMessages } from './messages';

export const staffZone = browserTimeZone;
export const today = () => dayInZone(new Date(), staffZone());

/** The instant a `YYYY-MM-DD` day starts in the staff zone (offset probed at noon: DST-safe enough for listing). */
export function startOfDay(day: string, timeZone = staffZone()): string {
  const noon = new Date(`${day}T12:00:00Z`);
  const local = new Date(noon.toLocaleString('en-US', { timeZone }));
  const offsetMs = local.getTime() - new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' })).getTime();
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMs).toISOString();
}

/** The API's refusal in its own words (it names the rule), or a generic line. */
export function useErrorText() {
  const t = sharedMessages.useT();
  return (err: unknown) =>
    errorText(err, { network: t('networkError'), unexpected: (status) => t('unexpectedError', { status }) });
}

export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = consoleMessages.useT();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dialog-title" onClose={props.onClose}>
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
      <div class="actions">
        <button type="button" class="btn btn-secondary" onClick={props.onClose}>
          {t('close')}
        </button>
      </div>
    </dialog>
  );
}

const users = new Map<string, Promise<AdminUser | undefined>>();

/** A customer by id, fetched once per page load (lists show names, the API returns ids). */
export function userById(userId: string): Promise<AdminUser | undefined> {
  let p = users.get(userId);
  if (!p) {
    p = adminApi
      .GET('/admin/users/{id}', { params: { path: { id: userId } } })
      .then((r) => unwrap(r))
      .catch(() => undefined);
    users.set(userId, p);
  }
  return p;
}

export const forgetUser = (userId: string) => users.delete(userId);

/** The display name of a customer (name, else email, else the id while loading). */
export function CustomerName(props: { userId: string }) {
  const [user, setUser] = useState<AdminUser>();
  useEffect(() => {
    let live = true;
    void userById(props.userId).then((u) => live && setUser(u));
    return () => {
      live = false;
    };
  }, [props.userId]);
  return <>{user ? (user.name ?? user.email) : props.userId}</>;
}
