// Conversations: Messenger transcripts and staff replies. The reply box states Meta's rule for this
// customer right now — a normal reply within 24 h of their last message, a HUMAN_AGENT-tagged reply
// up to 7 days, none after — and shows the API's reason when it refuses. "Give back to the bot"
// takes the thread from the Page Inbox so the bot answers again.
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/format';
import { useLang } from '../../shared/i18n';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, PageTitle, Status } from '../../shared/ui';
import { adminApi } from '../api';
import { staffZone, useErrorText } from '../common';
import { consoleMessages } from '../messages';
import { UserSearch } from './customers';

const DAY_MS = 86_400_000;

export function ConversationsScreen() {
  const t = consoleMessages.useT();
  return (
    <>
      <PageTitle>{t('conversations')}</PageTitle>
      <p class="hint">{t('conversationsNote')}</p>
      <UserSearch
        onlyMessenger
        label={t('searchCustomers')}
        hrefOf={(u) => `#/conversations/${encodeURIComponent(u.userId)}`}
      />
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
  async function takeBack() {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      unwrap(await adminApi.POST('/admin/users/{id}/thread-control', { params: path }));
      setMessage(t('takenBack'));
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
        <h2 id="bot-h">{t('takeBack')}</h2>
        <p class="hint">{t('botNote')}</p>
        <Button variant="secondary" busy={busy} onClick={() => void takeBack()}>
          {t('takeBack')}
        </Button>
      </section>
    </>
  );
}
