/**
 * The message log item's shape, without I/O: shared by its owner (`log.ts`: the writes and
 * `listMessages`) and the event writer (`@bookingbot/common/analytics`), which turns each inserted
 * item into one analytics event per message it holds.
 *
 * An item is one message — pk `MSGLOG#<psid>`, sk `<isoTime>#<in|out>#<mid>` — except that an
 * outbound item may also carry the later replies of the same turn in `more` (`logReplies`): the
 * worker logs a turn's two or three replies with one write instead of one each.
 */

/** One logged message, as `listMessages` returns it. */
export interface LoggedMessage {
  psid: string;
  direction: 'in' | 'out';
  /** `text`, `quick_replies`, `buttons`, `generic`, `postback`, `attachment`. */
  kind: string;
  /** What the customer saw or typed (text or a short rendering of a template). */
  text?: string;
  mid?: string;
  payload?: string;
  time: string;
}

/** A later reply of a turn, carried in the `more` list of the turn's first outbound item. */
export interface LoggedReply {
  kind: string;
  text?: string;
  /** The Graph message id ('' if Meta returned none). */
  mid: string;
  /** When it was sent (ISO). */
  time: string;
}

export const messageLogPk = (psid: string) => `MSGLOG#${psid}`;

/** The sort key of a message: its time, direction and id, so the log reads in time order. */
export const messageLogSk = (time: string, direction: 'in' | 'out', id: string) =>
  `${time}#${direction}#${id}`;

const isReply = (r: unknown): r is LoggedReply =>
  typeof r === 'object' &&
  r !== null &&
  typeof (r as LoggedReply).kind === 'string' &&
  typeof (r as LoggedReply).mid === 'string' &&
  typeof (r as LoggedReply).time === 'string';

/**
 * The messages one stored item holds, in the order they were sent, each with the sort key it
 * would have had as an item of its own (the first: the item's `sk`; a carried reply:
 * `<time>#out#<mid>`, `#<position>` standing in for a missing mid). The key orders a page and
 * gives each message its analytics event id, the same for every read of the same item.
 */
export function messagesOfLogItem(
  item: Record<string, unknown>,
): Array<{ sk: string; message: Record<string, unknown> }> {
  const { more, ...first } = item;
  const out = [{ sk: String(item.sk), message: first }];
  if (!Array.isArray(more)) return out;
  more.forEach((r: unknown, i) => {
    if (!isReply(r)) return;
    const { kind, text, mid, time } = r;
    out.push({
      sk: messageLogSk(time, 'out', mid || String(i + 1)),
      message: {
        pk: item.pk,
        psid: item.psid,
        direction: 'out',
        kind,
        ...(typeof text === 'string' ? { text } : {}),
        mid,
        time,
      },
    });
  });
  return out;
}
