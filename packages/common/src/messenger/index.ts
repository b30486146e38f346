import { registerErrorCodes } from '../errors/index';

registerErrorCodes({
  'messenger.signatureMissing': 401,
  'messenger.signatureInvalid': 403,
  'messenger.sendFailed': 502,
});

export {
  type ClassifiedWebhook,
  classifyWebhook,
  dedupKey,
  flattenWebhook,
  groupByPsid,
  isSilentEvent,
  type PlatformEvent,
  psidOf,
} from './events';
export {
  conversationKey,
  type LoggedMessage,
  listMessages,
  logMessage,
  MESSAGE_LOG_TTL_DAYS,
  MESSAGING_WINDOW_MS,
  touchInbound,
  withinMessagingWindow,
} from './log';
export {
  appSecretProof,
  GraphApiError,
  graphRequest,
  isRetryableGraphFailure,
  LIMITS,
  PAGE_INBOX_APP_ID,
  passThreadControl,
  type RetryPolicy,
  type SendOptions,
  type SendResult,
  sendButtons,
  sendGeneric,
  sendMessage,
  sendQuickReplies,
  sendSenderAction,
  sendText,
  setMessengerProfile,
  setSendApiPolicy,
  splitText,
  takeThreadControl,
} from './send-api';
export {
  type MessengerSignatureOptions,
  messengerSignature,
  rawBodyBytes,
  type SignatureVerdict,
  signBody,
  verifySignature,
} from './signature';
export type * from './types';
