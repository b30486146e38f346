// Conversations: recent Messenger threads (newest customer message first) with who answers —
// the bot, or people in the Page Inbox (bot paused) — then one transcript with staff replies. The
// reply box states Meta's rule for this customer right now — a normal reply within 24 h of their
// last message, a HUMAN_AGENT-tagged reply up to 7 days, none after — and shows the API's reason
// when it refuses. Staff hand the thread to the Page Inbox or give it back to the bot.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, PageTitle, Status } from '../../shared/ui';
import { adminApi, type RecentConversation, type ThreadOwner } from '../api';
import { staffZone, useErrorText } from '../common';
import { consoleMessages } from '../messages';
import { UserSearch } from './customers';

const DAY_MS = 86_400_000;

/** "Bot active" or "Paused: with the Page Inbox since …", as text (a screen reader reads it in the row). */
function ThreadState(props: { state: ThreadOwner; since: string | null }) {
  const t = consoleMessages.useT();
  const lang = useLang();
  return (
    <span class={`badge state-${props.state}`}>
      {props.state === 'bot'
        ? t('stateBot')
        : props.since
          ? t('stateInboxSince', { when: formatDateTime(props.since, staffZone(), lang) })
          : t('stateInbox')}
    </span>
  );
}

export function ConversationsScreen() {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const zone = staffZone();
  const [rows, setRows] = useState<RecentConversation[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<string | null>(null);
  const page = useLoad(
    async () =>
      unwrap(
        await adminApi.GET('/admin/conversations', {
          params: { query: { limit: 25, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [cursor],
  );
  useEffect(() => {
    if (!page.data) return;
    const next = page.data;
    setRows((r) => (cursor ? [...r, ...next.items] : next.items));
    setMore(next.nextCursor);
  }, [page.data]);
  const who = (c: RecentConversation) =>
    c.customer ? (c.customer.name ?? c.customer.email) : t('notLinkedPsid', { psid: c.psid.slice(-4) });
  return (
    <>
      <PageTitle>{t('conversations')}</PageTitle>
      <section class="card" aria-labelledby="recent-h">
        <h2 id="recent-h">{t('recentConversations')}</h2>
        <p class="hint">{t('recentNote')}</p>
        {page.error ? <Alert>{errorText(page.error)}</Alert> : null}
        {page.data && rows.length === 0 ? <p>{t('noConversations')}</p> : null}
        {rows.length ? (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('customer')}</th>
                <th scope="col">{t('lastMessage')}</th>
                <th scope="col">{t('customerWrote')}</th>
                <th scope="col">{t('answeredBy')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.psid}>
                  <th scope="row">
                    {c.customer ? (
                      <a href={`#/conversations/${encodeURIComponent(c.customer.userId)}`}>{who(c)}</a>
                    ) : (
                      who(c)
                    )}
                  </th>
                  <td>
                    {c.lastMessage
                      ? `${c.lastMessage.direction === 'in' ? t('customerSaid') : t('botSaid')}: ${(
                          c.lastMessage.text ?? ''
                        ).slice(0, 80)}`
                      : ''}
                  </td>
                  <td>
                    <time dateTime={c.lastInboundAt}>{formatDateTime(c.lastInboundAt, zone, lang)}</time>
                  </td>
                  <td>
                    <ThreadState state={c.state} since={c.stateSince} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {more ? (
          <Button variant="secondary" busy={page.loading} onClick={() => setCursor(more)}>
            {t('loadMore')}
          </Button>
        ) : null}
      </section>
      <section class="card" aria-labelledby="find-h">
        <h2 id="find-h">{t('findThread')}</h2>
        <p class="hint">{t('conversationsNote')}</p>
        <UserSearch
          onlyMessenger
          label={t('searchCustomers')}
          hrefOf={(u) => `#/conversations/${encodeURIComponent(u.userId)}`}
        />
      </section>
    </>
  );
}

export function ConversationScreen(props: { userId: string }) {
  const t = consoleMessages.useT();
  const lang = useLang();
  const errorText = useErrorText();
  const zone = staffZone();
  const path = { path: { id: props.userId } };
  const user = useLoad(
    async () => unwrap(await adminApi.GET('/admin/users/{id}', { params: path })),
    [props.userId],
  );
  const thread = useLoad(
    async () =>
      unwrap(await adminApi.GET('/admin/users/{id}/messages', { params: { ...path, query: { limit: 50 } } })),
    [props.userId],
  );
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const last = thread.data?.lastInboundAt ? Date.parse(thread.data.lastInboundAt) : undefined;
  const age = last === undefined ? Number.POSITIVE_INFINITY : Date.now() - last;
  const rule =
    age < DAY_MS
      ? t('window24')
      : age < 7 * DAY_MS && last !== undefined
        ? t('window7', { until: formatDateTime(new Date(last + 7 * DAY_MS).toISOString(), zone, lang) })
        : t('windowClosed');
  const closed = age >= 7 * DAY_MS;

  async function send(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const r = unwrap(
        await adminApi.POST('/admin/users/{id}/messages', { params: path, body: { text: text.trim() } }),
      );
      setMessage(t('sent', { type: r.messagingType }));
      setText('');
      thread.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  async function giveTo(owner: ThreadOwner) {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      unwrap(await adminApi.POST('/admin/users/{id}/thread-control', { params: path, body: { owner } }));
      setMessage(owner === 'bot' ? t('takenBack') : t('handedToInbox'));
      thread.reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const who = user.data ? (user.data.name ?? user.data.email) : props.userId;
  const messages = [...(thread.data?.items ?? [])].reverse(); // oldest first, like a chat
  return (
    <>
      <PageTitle>{t('transcript', { who })}</PageTitle>
      <p>
        <a href="#/conversations">{t('backToList')}</a>
      </p>
      {thread.error ? <Alert>{errorText(thread.error)}</Alert> : null}
      <section class="card" aria-labelledby="thread-h">
        <h2 id="thread-h" class="sr-only">
          {t('transcript', { who })}
        </h2>
        {thread.data && messages.length === 0 ? <p class="hint">{t('noMessages')}</p> : null}
        <ol class="transcript">
          {messages.map((m) => (
            <li key={`${m.time}-${m.mid ?? ''}-${m.direction}`} class={`msg msg-${m.direction}`}>
              <span class="msg-who">{m.direction === 'in' ? t('customerSaid') : t('botSaid')}</span>{' '}
              <time dateTime={m.time}>{formatDateTime(m.time, zone, lang)}</time>
              <p>{m.text ?? `[${m.kind}]`}</p>
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="reply-h">
        <h2 id="reply-h">{t('reply')}</h2>
        <p id="reply-rule">
          {last !== undefined
            ? t('lastWrote', { when: formatDateTime(new Date(last).toISOString(), zone, lang) })
            : t('neverWrote')}{' '}
          {rule}
        </p>
        {message ? <Status>{message}</Status> : null}
        {error ? <Alert>{error}</Alert> : null}
        <form onSubmit={send}>
          <div class="field">
            <label for="reply-text">{t('reply')}</label>
            <textarea
              id="reply-text"
              rows={3}
              required
              aria-describedby="reply-rule"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
          </div>
          <Button type="submit" busy={busy} disabled={busy || closed}>
            {t('send')}
          </Button>
        </form>
      </section>
      <section class="card" aria-labelledby="bot-h">
        <h2 id="bot-h">{t('whoAnswers')}</h2>
        {thread.data ? (
          <p>
            <ThreadState state={thread.data.state} since={thread.data.stateSince} />
          </p>
        ) : null}
        <p class="hint">{t('botNote')}</p>
        <div class="toolbar">
          <Button
            variant="secondary"
            busy={busy}
            disabled={busy || thread.data?.state === 'bot'}
            onClick={() => void giveTo('bot')}
          >
            {t('takeBack')}
          </Button>
          <Button
            variant="secondary"
            busy={busy}
            disabled={busy || thread.data?.state === 'inbox'}
            onClick={() => void giveTo('inbox')}
          >
            {t('handToInbox')}
          </Button>
        </div>
      </section>
    </>
  );
}
