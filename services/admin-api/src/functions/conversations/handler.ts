import {
  handConversationToInbox,
  lastInboundAt,
  listRecentConversations,
  loadConversation,
  returnConversationToBot,
} from '@bookingbot/common/conversation';
import { AppError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import {
  listMessages,
  MESSAGING_WINDOW_MS,
  passThreadControl,
  sendText,
  takeThreadControl,
} from '@bookingbot/common/messenger';
import { routeOptions } from '@bookingbot/common/routes';
import { getUserByPsid, requireUser, type User } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import {
  conversationsList,
  messagesList,
  messagesSend,
  threadControl as threadControlRoute,
} from '../../routes';

const logger = createLogger('admin-conversations');

/** Meta allows a human agent to answer for 7 days after the customer's last message (HUMAN_AGENT tag). */
export const HUMAN_AGENT_WINDOW_MS = 7 * 86_400_000;

function psidOf(user: User): string {
  if (!user.psid)
    throw new AppError('messenger.notLinked', 'Conflict', {
      detail: 'this customer has not linked Messenger; there is no conversation to read or write',
    });
  return user.psid;
}

/** GET /admin/users/{id}/messages?cursor=&limit= — the conversation, newest first. */
export const history = httpHandler({ logger, ...routeOptions(messagesList) }, async ({ params, query }) => {
  const psid = psidOf(await requireUser(params.id));
  const page = await listMessages(psid, query.limit, decodeCursor(query.cursor));
  const c = await loadConversation(psid);
  return ok({
    items: page.items.map(({ psid: _p, ...m }) => m),
    nextCursor: encodeCursor(page.next) ?? null,
    lastInboundAt: c.lastInboundAt ? new Date(c.lastInboundAt).toISOString() : null,
    state: c.handover ? ('inbox' as const) : ('bot' as const),
    stateSince: c.handover && c.handoverAt ? new Date(c.handoverAt).toISOString() : null,
  });
});

/**
 * POST /admin/users/{id}/messages {text} — a staff message through the Send API: inside the 24 h
 * window as RESPONSE; within 7 days of the customer's last message with the HUMAN_AGENT tag;
 * otherwise 409 `messenger.windowClosed` (Meta would refuse it, and it would be spam).
 */
export const send = httpHandler({ logger, ...routeOptions(messagesSend) }, async ({ params, body, auth }) => {
  const psid = psidOf(await requireUser(params.id));
  const last = await lastInboundAt(psid);
  const age = last === undefined ? Number.POSITIVE_INFINITY : Date.now() - last;
  if (age >= HUMAN_AGENT_WINDOW_MS)
    throw new AppError('messenger.windowClosed', 'Conflict', {
      detail:
        'the customer last wrote more than 7 days ago; Messenger only allows a reply after they write again',
      extensions: { lastInboundAt: last ? new Date(last).toISOString() : null },
    });
  const messagingType = age < MESSAGING_WINDOW_MS ? 'RESPONSE' : 'HUMAN_AGENT';
  // sendText picks RESPONSE inside the 24 h window and MESSAGE_TAG + tag outside it.
  const { messageIds } = await sendText(psid, body.text, { tag: 'HUMAN_AGENT' });
  await audit(auth, 'conversation.send', { type: 'user', id: params.id }, null, {
    text: body.text,
    messagingType,
    messageIds,
  });
  return ok({ messageIds, messagingType });
});

/**
 * POST /admin/users/{id}/thread-control {owner} — `bot` (default): takes the thread back from the
 * Page Inbox and clears the handover flag, so the bot answers again; `inbox`: passes the thread to
 * the Page Inbox (Send API pass_thread_control, as the bot's "talk to a person" step) and sets the
 * flag, so the bot stays silent until it is given back (or the idle period passes).
 */
export const threadControl = httpHandler(
  { logger, ...routeOptions(threadControlRoute) },
  async ({ params, body, auth }) => {
    const psid = psidOf(await requireUser(params.id));
    if (body.owner === 'inbox') {
      await passThreadControl(psid, 'handed to the Page Inbox by staff');
      await handConversationToInbox(psid); // the bot stays silent (sets the handover flag)
      await audit(auth, 'conversation.passThreadControl', { type: 'user', id: params.id }, null, {
        threadOwner: 'inbox',
      });
      return ok({ threadOwner: 'inbox' as const });
    }
    await takeThreadControl(psid, 'taken back by staff');
    await returnConversationToBot(psid); // the bot answers again (clears the handover flag)
    await audit(auth, 'conversation.takeThreadControl', { type: 'user', id: params.id }, null, {
      threadOwner: 'bot',
    });
    return ok({ threadOwner: 'bot' as const });
  },
);

/**
 * GET /admin/conversations?cursor=&limit= — recent conversations, newest customer message first,
 * each with its customer (when the PSID is linked), the latest logged message and who answers
 * (`bot`, or `inbox` since the hand-over). Per row: the linked user and the latest message, read in
 * parallel (a page is at most 100 rows; staff read it, not customers).
 */
export const recent = httpHandler({ logger, ...routeOptions(conversationsList) }, async ({ query }) => {
  const page = await listRecentConversations(query.limit, query.cursor);
  const items = await Promise.all(
    page.items.map(async (c) => {
      const [user, latest] = await Promise.all([getUserByPsid(c.psid), listMessages(c.psid, 1)]);
      const m = latest.items[0];
      return {
        psid: c.psid,
        customer: user ? { userId: user.userId, email: user.email, name: user.name ?? null } : null,
        lastInboundAt: new Date(c.lastInboundAt).toISOString(),
        lastMessage: m ? { direction: m.direction, text: m.text ?? null, kind: m.kind, time: m.time } : null,
        state: c.handover ? ('inbox' as const) : ('bot' as const),
        stateSince: c.handover && c.handoverAt ? new Date(c.handoverAt).toISOString() : null,
        locale: c.locale,
      };
    }),
  );
  return ok({ items, nextCursor: encodeCursor(page.next) ?? null });
});
