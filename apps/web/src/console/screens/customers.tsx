// Customers: search (email prefix or name fragment), profile with sessions and appointments, and
// the account actions: block/unblock, unlock sign-in, sign out everywhere, role.
import { useState } from 'preact/hooks';
import { addDays, formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { navigate } from '../../shared/router';
import { Alert, Button, Field, PageTitle, Status } from '../../shared/ui';
import { type AdminUser, adminApi } from '../api';
import { forgetUser, staffZone, startOfDay, today, useErrorText } from '../common';
import { type ConsoleKey, consoleMessages } from '../messages';

export function UserSearch(props: {
  onlyMessenger?: boolean;
  hrefOf: (u: AdminUser) => string;
  label: string;
}) {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const found = useLoad(
    async () =>
      unwrap(
        await adminApi.GET('/admin/users', {
          params: { query: { ...(submitted ? { query: submitted } : {}), limit: 50 } },
        }),
      ).items,
    [submitted],
  );
  const items = (found.data ?? []).filter((u) => !props.onlyMessenger || u.psidLinked);
  return (
    <>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(query.trim());
        }}
      >
        <Field
          id="user-search"
          label={props.label}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <Button type="submit">{t('search')}</Button>
      </form>
      {found.error ? <Alert>{errorText(found.error)}</Alert> : null}
      {found.data && items.length === 0 ? <p>{t('noResults')}</p> : null}
      {items.length ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('messenger')}</th>
              <th scope="col">{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => (
              <tr key={u.userId}>
                <th scope="row">
                  <a href={props.hrefOf(u)}>{u.email}</a>
                </th>
                <td>{u.name ?? ''}</td>
                <td>{t(`role_${u.role}` as ConsoleKey)}</td>
                <td>{u.psidLinked ? t('linked') : t('notLinked')}</td>
                <td>{u.blocked ? t('blocked') : t('active')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

export function CustomersScreen() {
  const t = consoleMessages.useT();
  return (
    <>
      <PageTitle>{t('customers')}</PageTitle>
      <UserSearch
        label={t('searchCustomers')}
        hrefOf={(u) => `#/customers/${encodeURIComponent(u.userId)}`}
      />
    </>
  );
}

export function CustomerScreen(props: { userId: string }) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const zone = staffZone();
  const user = useLoad(
    async () => unwrap(await adminApi.GET('/admin/users/{id}', { params: { path: { id: props.userId } } })),
    [props.userId],
  );
  // The API answers at most 93 days per request: the last month and the next two.
  const appts = useLoad(
    async () =>
      unwrap(
        await adminApi.GET('/admin/appointments', {
          params: {
            query: {
              userId: props.userId,
              from: startOfDay(addDays(today(), -30)),
              to: startOfDay(addDays(today(), 62)),
              limit: 100,
            },
          },
        }),
      ).items,
    [props.userId],
  );
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function act(fn: () => Promise<string>) {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await fn());
      forgetUser(props.userId);
      user.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const path = { path: { id: props.userId } };
  /** Runs the request when the action runs; its answer is only "saved". */
  const saved =
    (request: () => Promise<{ data?: unknown; error?: unknown; response: Response }>) => async () => {
      unwrap(await request());
      return t('saved');
    };
  const u = user.data;
  return (
    <>
      <PageTitle>{u ? (u.name ?? u.email) : t('profile')}</PageTitle>
      <p>
        <a href="#/customers">{t('backToList')}</a>
      </p>
      {user.error ? <Alert>{errorText(user.error)}</Alert> : null}
      {message ? <Status>{message}</Status> : null}
      {error ? <Alert>{error}</Alert> : null}
      {u ? (
        <>
          <section class="card" aria-labelledby="profile-h">
            <h2 id="profile-h">{t('profile')}</h2>
            <dl class="summary">
              <dt>{t('email')}</dt>
              <dd>{u.email}</dd>
              <dt>{t('name')}</dt>
              <dd>{u.name ?? '—'}</dd>
              <dt>{t('role')}</dt>
              <dd>{t(`role_${u.role}` as ConsoleKey)}</dd>
              <dt>{t('status')}</dt>
              <dd>{u.blocked ? t('blocked') : t('active')}</dd>
              <dt>{t('messenger')}</dt>
              <dd>
                {u.psidLinked ? (
                  <a href={`#/conversations/${encodeURIComponent(u.userId)}`}>{t('openConversation')}</a>
                ) : (
                  t('notLinked')
                )}
              </dd>
            </dl>
            <div class="actions">
              {u.blocked ? (
                <Button
                  variant="secondary"
                  busy={busy}
                  onClick={() =>
                    void act(
                      saved(() => adminApi.POST('/admin/users/{id}/unblock', { params: path, body: {} })),
                    )
                  }
                >
                  {t('unblock')}
                </Button>
              ) : (
                <Button
                  variant="danger"
                  busy={busy}
                  onClick={() =>
                    void act(
                      saved(() => adminApi.POST('/admin/users/{id}/block', { params: path, body: {} })),
                    )
                  }
                >
                  {t('block')}
                </Button>
              )}
              <Button
                variant="secondary"
                busy={busy}
                onClick={() =>
                  void act(async () => {
                    const r = unwrap(
                      await adminApi.POST('/admin/users/{id}/unlock-otp', { params: path, body: {} }),
                    );
                    return t('unlocked', { state: r.wasLocked ? t('locked') : t('notLocked') });
                  })
                }
              >
                {t('unlockSignIn')}
              </Button>
              <Button
                variant="secondary"
                busy={busy}
                onClick={() =>
                  void act(async () =>
                    t('revoked', {
                      n: unwrap(
                        await adminApi.POST('/admin/users/{id}/revoke-sessions', { params: path, body: {} }),
                      ).revoked,
                    }),
                  )
                }
              >
                {t('revokeSessions')}
              </Button>
            </div>
            <div class="field inline">
              <label for="user-role">{t('changeRole')}</label>
              <select
                id="user-role"
                value={u.role}
                disabled={busy}
                onChange={(e) => {
                  const role = e.currentTarget.value as AdminUser['role'];
                  void act(
                    saved(() => adminApi.PUT('/admin/users/{id}/role', { params: path, body: { role } })),
                  );
                }}
              >
                <option value="user">{t('role_user')}</option>
                <option value="admin">{t('role_admin')}</option>
              </select>
            </div>
          </section>
          <section class="card" aria-labelledby="sessions-h">
            <h2 id="sessions-h">{t('sessions')}</h2>
            {u.sessions.length === 0 ? <p class="hint">{t('noSessions')}</p> : null}
            <ul class="plain">
              {u.sessions.map((s) => (
                <li key={s.sessionId}>
                  {s.device ?? s.sessionId} · {formatDateTime(s.createdAt, zone, lang)}
                  {s.lastUsedAt ? ` · ${formatDateTime(s.lastUsedAt, zone, lang)}` : ''}
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : null}
      <section class="card" aria-labelledby="appts-h">
        <h2 id="appts-h">{t('appointments')}</h2>
        {appts.error ? <Alert>{errorText(appts.error)}</Alert> : null}
        {appts.data?.length === 0 ? <p class="hint">{t('noAppointments')}</p> : null}
        <ul class="plain">
          {(appts.data ?? []).map((a) => (
            <li key={a.appointmentId}>
              <button type="button" class="link" onClick={() => navigate(`/today/${a.start.slice(0, 10)}`)}>
                {formatDateTime(a.start, zone, lang)}
              </button>{' '}
              · {a.serviceName} · {a.consultantName} · {t(`status_${a.status}` as ConsoleKey)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
