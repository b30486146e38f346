// Audit: the append-only log of staff actions, newest first, filterable by target, staff member and
// time range, paged with the API's cursor.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { unwrap } from '../../shared/problem';
import { Alert, Button, Field, PageTitle } from '../../shared/ui';
import { type AuditEntry, adminApi } from '../api';
import { staffZone, startOfDay, useErrorText } from '../common';
import { consoleMessages } from '../messages';

const TARGET_TYPES = ['user', 'service', 'consultant', 'appointment', 'analyticsQuery'];

export function AuditScreen() {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const [targetType, setTargetType] = useState('');
  const [targetId, setTargetId] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<AuditEntry[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();

  async function load(after?: string) {
    setError(undefined);
    try {
      const query = {
        ...(targetType ? { targetType } : {}),
        ...(targetId.trim() ? { targetId: targetId.trim() } : {}),
        ...(actorId.trim() ? { actorId: actorId.trim() } : {}),
        ...(from ? { from: startOfDay(from) } : {}),
        ...(to ? { to: startOfDay(to) } : {}),
        ...(after ? { cursor: after } : {}),
        limit: 50,
      };
      const page = unwrap(await adminApi.GET('/admin/audit', { params: { query } }));
      setEntries(after ? [...(entries ?? []), ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    }
  }
  useEffect(() => {
    void load();
  }, []);

  return (
    <>
      <PageTitle>{t('audit')}</PageTitle>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <div class="field">
          <label for="audit-type">{t('targetType')}</label>
          <select id="audit-type" value={targetType} onChange={(e) => setTargetType(e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            {TARGET_TYPES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </div>
        <Field
          id="audit-target"
          label={t('targetId')}
          value={targetId}
          onInput={(e) => setTargetId(e.currentTarget.value)}
        />
        <Field
          id="audit-actor"
          label={t('actorId')}
          value={actorId}
          onInput={(e) => setActorId(e.currentTarget.value)}
        />
        <Field
          id="audit-from"
          type="date"
          label={t('from')}
          value={from}
          onInput={(e) => setFrom(e.currentTarget.value)}
        />
        <Field
          id="audit-to"
          type="date"
          label={t('to')}
          value={to}
          onInput={(e) => setTo(e.currentTarget.value)}
        />
        <Button type="submit">{t('filter')}</Button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {entries && entries.length === 0 ? <p>{t('noEntries')}</p> : null}
      {entries?.length ? (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('when')}</th>
              <th scope="col">{t('who')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('reason')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.auditId}>
                <td>{formatDateTime(e.at, staffZone(), lang)}</td>
                <td>{e.actor.userId}</td>
                <td>{e.action}</td>
                <td>
                  {e.target.type} {e.target.id}
                </td>
                <td>{e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor ? (
        <Button variant="secondary" onClick={() => void load(cursor)}>
          {t('loadMore')}
        </Button>
      ) : null}
    </>
  );
}
