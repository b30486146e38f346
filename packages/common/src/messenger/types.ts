/**
 * The parts of the Messenger Platform's webhook and Send API payloads this system uses.
 * Reference: developers.facebook.com/docs/messenger-platform/reference/webhook-events.
 */

export interface WebhookMessage {
  mid: string;
  text?: string;
  is_echo?: boolean;
  app_id?: number;
  quick_reply?: { payload: string };
  attachments?: { type: string; payload?: unknown }[];
}

/** One item of `entry[].messaging[]` (or `entry[].standby[]` while another app owns the thread). */
export interface MessagingEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: WebhookMessage;
  postback?: { mid?: string; title?: string; payload: string };
  read?: { watermark: number };
  delivery?: { mids?: string[]; watermark: number };
  pass_thread_control?: { new_owner_app_id: string | number; metadata?: string };
  take_thread_control?: { previous_owner_app_id: string | number; metadata?: string };
  request_thread_control?: { requested_owner_app_id: string | number; metadata?: string };
}

export interface WebhookEntry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
  standby?: MessagingEvent[];
}

export interface WebhookBody {
  object: string;
  entry: WebhookEntry[];
}

/** A webhook event as handed to the worker: where it came from and whether it was a standby copy. */
export interface InboundEvent extends MessagingEvent {
  pageId: string;
  standby?: boolean;
}

export interface QuickReply {
  /** ≤ 20 characters (longer titles are shortened with an ellipsis). */
  title: string;
  payload: string;
}

export type Button =
  | { type: 'postback'; title: string; payload: string }
  | { type: 'web_url'; title: string; url: string };

export interface GenericElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  buttons?: Button[];
}

/** Meta's tags for messages outside the 24-hour window. */
export type MessageTag = 'CONFIRMED_EVENT_UPDATE' | 'POST_PURCHASE_UPDATE' | 'ACCOUNT_UPDATE' | 'HUMAN_AGENT';

export type SenderAction = 'mark_seen' | 'typing_on' | 'typing_off';
