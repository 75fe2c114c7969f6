/** Ids shared by package.json and the code. The manifest test checks both sides agree. */

export const EXTENSION_ID = 'zipwhip-webhooks.zipwhip-webhooks';

export const COMMANDS = {
  signIn: 'zipwhip.signIn',
  signInWithSessionKey: 'zipwhip.signInWithSessionKey',
  signOut: 'zipwhip.signOut',
  startSandbox: 'zipwhip.startSandbox',
  stopSandbox: 'zipwhip.stopSandbox',
  addWebhook: 'zipwhip.addWebhook',
  editWebhook: 'zipwhip.editWebhook',
  deleteWebhook: 'zipwhip.deleteWebhook',
  refresh: 'zipwhip.refresh',
  copyWebhookUrl: 'zipwhip.copyWebhookUrl',
  showLog: 'zipwhip.showLog',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEW_ID = 'zipwhip.webhooks';

/** Context keys read by `when` clauses and `viewsWelcome` in package.json. */
export const CONTEXT = {
  viewState: 'zipwhip.viewState',
  sandboxRunning: 'zipwhip.sandboxRunning',
} as const;

export type ViewState = 'signedOut' | 'loading' | 'loadFailed' | 'ready';

export const SETTINGS = {
  section: 'zipwhip',
  apiBaseUrl: 'apiBaseUrl',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
} as const;

export const DEFAULT_API_BASE_URL = 'https://api.zipwhip.com/';
export const DEFAULT_TIMEOUT_SECONDS = 30;
