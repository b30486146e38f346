import { createLogger, hashId } from '@bookingbot/common/logging';
import {
  type Button,
  type GenericElement,
  GraphApiError,
  logReplies,
  passThreadControl,
  type QuickReply,
  replyLog,
  sendButtons,
  sendGeneric,
  sendQuickReplies,
  sendText,
} from '@bookingbot/common/messenger';

/** What the machine decided to say; sent only after the new state is saved. */
export type Reply =
  | { type: 'text'; text: string }
  | { type: 'quick'; text: string; replies: QuickReply[] }
  | { type: 'buttons'; text: string; buttons: Button[] }
  | { type: 'generic'; elements: GenericElement[] }
  /** Pass the thread to the Page Inbox (after the replies before it). */
  | { type: 'handover'; metadata: string };

const logger = createLogger('messenger-replies');

/**
 * Sends replies in order. A customer who cannot be reached any more (551 / 2018001) ends the
 * sequence quietly; any other failure propagates so the worker retries the event. What was sent
 * — all of it, or what went out before a failure — is logged as one message log item
 * (`logReplies`: one write per turn, not one per reply); a failed log write is only warned, as
 * the Send API client does for a single message.
 */
export async function sendReplies(psid: string, replies: Reply[]): Promise<void> {
  const log = replyLog(psid);
  const options = { replyLog: log };
  try {
    for (const r of replies) {
      if (r.type === 'text') await sendText(psid, r.text, options);
      else if (r.type === 'quick') await sendQuickReplies(psid, r.text, r.replies, options);
      else if (r.type === 'buttons') await sendButtons(psid, r.text, r.buttons, options);
      else if (r.type === 'generic') await sendGeneric(psid, r.elements, options);
      else await passThreadControl(psid, r.metadata);
    }
  } catch (err) {
    if (err instanceof GraphApiError && err.userUnreachable) {
      logger.info('customer unreachable, replies dropped', {
        psidHash: hashId(psid, 'psid:'),
        graphCode: err.graphCode,
      });
      return;
    }
    throw err;
  } finally {
    await logReplies(log).catch((err: unknown) =>
      logger.warn('outbound messages not logged', { psidHash: hashId(psid, 'psid:'), error: err as Error }),
    );
  }
}
