/** The public API of the Zipwhip client. No `vscode` import in this folder. */
export {
  BAD_CREDENTIALS_MESSAGE,
  ZipwhipClient,
  classifyNetworkError,
  normalizeBaseUrl,
  scrubSecrets,
  type ApiPath,
  type ClientOptions,
  type RequestLogEntry,
} from './client';
export {
  ApiError,
  CancelledError,
  NetworkError,
  SessionRejectedError,
  UnexpectedResponseError,
  ZipwhipError,
  type NetworkFailure,
} from './errors';
export { parseJson, stringifyJson } from './losslessJson';
export {
  HOOK_EVENTS,
  HOOK_METHODS,
  eventKey,
  findEventSpec,
  isHookMethod,
  type HookEvent,
  type HookEventSpec,
  type HookMethod,
  type HookType,
  type NewWebhook,
  type Webhook,
  type WebhookChange,
} from './types';
