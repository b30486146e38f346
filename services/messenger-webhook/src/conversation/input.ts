import type { InboundEvent } from '@bookingbot/common/messenger';
import { decodePayload } from './payloads';
import type { Input } from './types';

/**
 * The machine's input of a webhook event, keyed by the event itself: the `mid` of a message, the
 * postback's `mid` (or its sender + timestamp, which identify it when Meta sends no `mid`). A
 * payload that does not decode is marked `invalid` (the step is shown again), never thrown.
 */
export function machineInput(e: InboundEvent): Input | undefined {
  if (e.postback) {
    return {
      payload: decodePayload(e.postback.payload) ?? 'invalid',
      ...(typeof e.postback.title === 'string' ? { text: e.postback.title } : {}),
      eventId: e.postback.mid ?? `${e.sender.id}:${e.timestamp}:postback`,
    };
  }
  const m = e.message;
  if (!m || m.is_echo || typeof m.mid !== 'string') return undefined;
  return {
    ...(m.quick_reply ? { payload: decodePayload(m.quick_reply.payload) ?? 'invalid' } : {}),
    ...(typeof m.text === 'string' ? { text: m.text } : {}),
    eventId: m.mid,
  };
}
