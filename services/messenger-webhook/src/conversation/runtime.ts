import { recordEvent } from '@bookingbot/common/analytics';
import {
  ConversationConflictError,
  type ConversationRecord,
  type EventClaim,
  loadConversation,
  saveConversation,
  touchInbound,
} from '@bookingbot/common/conversation';
import { sendEmail } from '@bookingbot/common/email';
import { LOCALES, type Locale } from '@bookingbot/common/i18n';
import { createLogger, hashId } from '@bookingbot/common/logging';
import {
  type InboundEvent,
  inboundLogClaim,
  PAGE_INBOX_APP_ID,
  sendSenderAction,
  takeThreadControl,
} from '@bookingbot/common/messenger';
import { getUserByPsid } from '@bookingbot/common/users';
import { HANDOVER_IDLE_MS, staffEmails } from './config';
import { machineInput } from './input';
import { decide } from './machine';
import { realPorts, zoneOf } from './ports';
import { type Reply, sendReplies } from './replies';
import { parseStep } from './state';
import type { Ports, Turn } from './types';
import { text as line, menu } from './ui';

const logger = createLogger('messenger-conversation');
const ATTEMPTS = 3;

const localeOf = (stored: string): Locale => LOCALES.find((l) => l === stored) ?? 'en';

/** The thread went to the Page Inbox more than the idle period ago, and nobody wrote since. */
const idleHandover = (c: ConversationRecord, now: number) =>
  c.handover && now - Math.max(c.handoverAt ?? 0, c.lastInboundAt ?? 0) >= HANDOVER_IDLE_MS;

/**
 * Where the worker claims an event: a customer's message or postback on its inbound message log
 * item (the claim writes the log entry: one write for both), other events on their own
 * de-duplication item (`eventKey`).
 */
export function eventClaim(e: InboundEvent, eventKey: string): EventClaim {
  const input = machineInput(e);
  if (!input || e.pass_thread_control || e.take_thread_control) return eventKey;
  const raw = e.postback?.payload ?? e.message?.quick_reply?.payload;
  return inboundLogClaim({
    psid: e.sender.id,
    kind: e.postback
      ? 'postback'
      : e.message?.quick_reply
        ? 'quick_reply'
        : e.message?.attachments
          ? 'attachment'
          : 'text',
    mid: input.eventId,
    ...(input.text ? { text: input.text.slice(0, 2000) } : {}),
    ...(typeof raw === 'string' ? { payload: raw.slice(0, 300) } : {}),
    time: new Date(e.timestamp).toISOString(),
  });
}

/**
 * One customer event (already logged by its claim, `eventClaim`): load the conversation → decide → save → send. The state (with
 * the event's id and the decided replies) is saved before anything is sent, so a concurrent worker
 * re-decides instead of answering twice, and a retry after a failed send re-sends the same replies
 * instead of applying the input again. Silent while the Page Inbox owns the thread (until the idle
 * period passes) and for blocked customers.
 */
export async function handleEvent(e: InboundEvent, ports: Ports = realPorts): Promise<void> {
  if (e.pass_thread_control || e.take_thread_control) {
    if (!e.standby) await onHandover(e);
    return;
  }
  const input = machineInput(e);
  if (!input) return;
  const psid = e.sender.id;
  const user = await getUserByPsid(psid);
  if (user?.blocked) {
    logger.info('blocked customer ignored', { psidHash: hashId(psid, 'psid:') });
    await touchInbound(psid, e.timestamp);
    return;
  }
  const now = new Date();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const c = await loadConversation(psid);
    if (c.lastMid === input.eventId) {
      // A retry after the decision was saved but its replies failed to send: send them again.
      await sendReplies(psid, (c.outbox ?? []) as Reply[]);
      return;
    }
    const takeBack = idleHandover(c, now.getTime());
    if ((c.handover && !takeBack) || (e.standby && !c.handover)) {
      await touchInbound(psid, e.timestamp); // silent: the Page Inbox (or another app) owns the thread
      return;
    }
    const seen = attempt === 0 ? sendSenderAction(psid, 'mark_seen') : undefined;
    const env = {
      psid,
      user: user ? { userId: user.userId, email: user.email } : undefined,
      zone: zoneOf(user),
      now,
    };
    const turn = await decide({ step: parseStep(c.flow), locale: localeOf(c.locale) }, input, env, ports);
    await seen;
    const replies: Reply[] = takeBack ? [line(turn, 'handover.idleBack'), ...turn.replies] : turn.replies;
    try {
      await saveConversation(nextRecord(c, turn, replies, input.eventId, e.timestamp, now));
    } catch (err) {
      if (err instanceof ConversationConflictError) continue;
      throw err;
    }
    if (takeBack) {
      if (e.standby) await takeThreadControl(psid, 'idle period passed');
      await recordEvent({ type: 'messenger.handover', psid, props: { to: 'bot', reason: 'idle' } });
    }
    await sendReplies(psid, replies);
    if (turn.handover) await afterHandover(psid, user?.email);
    return;
  }
  throw new ConversationConflictError();
}

function nextRecord(
  c: ConversationRecord,
  turn: Turn,
  replies: Reply[],
  eventId: string,
  timestamp: number,
  now: Date,
): ConversationRecord {
  const { handoverAt: _h, ...rest } = c;
  return {
    ...rest,
    locale: turn.locale,
    flow: turn.step,
    handover: turn.handover === true,
    ...(turn.handover ? { handoverAt: now.getTime() } : {}),
    lastMid: eventId,
    outbox: replies,
    lastInboundAt: Math.max(c.lastInboundAt ?? 0, timestamp),
  };
}

/** The customer asked for a person: analytics, and an email to staff (best effort: the thread is already theirs). */
async function afterHandover(psid: string, customerEmail: string | undefined): Promise<void> {
  await recordEvent({ type: 'messenger.handover', psid, props: { to: 'inbox' } });
  await notifyStaff(
    'A customer asked for a person on Messenger',
    `A customer${customerEmail ? ` (${customerEmail})` : ''} asked to talk to a person. The thread is in the Page Inbox.\n` +
      `Messenger PSID: ${psid}. Answer in the Page Inbox; the bot takes the thread back when the Inbox passes it back, ` +
      'when staff take it back (POST /admin/users/{id}/thread-control) or after the idle period.',
  );
}

/** Emails the staff addresses (STAFF_EMAIL, else ADMIN_EMAILS); failures are logged, never thrown. */
export async function notifyStaff(subject: string, text: string): Promise<void> {
  const to = staffEmails();
  if (to.length === 0) {
    logger.warn('no staff address configured (STAFF_EMAIL / ADMIN_EMAILS): notification not sent', {
      subject,
    });
    return;
  }
  const results = await Promise.allSettled(to.map((address) => sendEmail({ to: address, subject, text })));
  for (const r of results)
    if (r.status === 'rejected')
      logger.error('staff notification failed', { subject, error: r.reason as Error });
}

/** Handover events: control back to the bot (the Page Inbox passed it back), or taken by the Inbox. */
async function onHandover(e: InboundEvent): Promise<void> {
  const psid = e.sender.id;
  const backToBot =
    e.pass_thread_control !== undefined &&
    String(e.pass_thread_control.new_owner_app_id) !== PAGE_INBOX_APP_ID;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const c = await loadConversation(psid);
    const { handoverAt: _h, ...rest } = c;
    const locale = { locale: localeOf(c.locale) };
    const next: ConversationRecord = backToBot
      ? { ...rest, flow: { step: 'idle' }, handover: false }
      : { ...rest, flow: { step: 'idle' }, handover: true, handoverAt: Date.now() };
    const replies = backToBot && c.handover ? [menu(locale, 'handover.back')] : [];
    try {
      await saveConversation(next);
    } catch (err) {
      if (err instanceof ConversationConflictError) continue;
      throw err;
    }
    await recordEvent({ type: 'messenger.handover', psid, props: { to: backToBot ? 'bot' : 'inbox' } });
    await sendReplies(psid, replies);
    return;
  }
  throw new ConversationConflictError();
}

/**
 * The one apology after an event failed for good: "something went wrong" with the menu, in the
 * customer's language. The caller claims it first (once per event).
 */
export async function apologize(psid: string): Promise<void> {
  const c = await loadConversation(psid).catch(() => undefined);
  await sendReplies(psid, [menu({ locale: localeOf(c?.locale ?? 'en') }, 'error.generic')]);
}
