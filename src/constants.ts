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
  simulateEvent: 'zipwhip.simulateEvent',
  sendTestDelivery: 'zipwhip.sendTestDelivery',
  checkEndpoint: 'zipwhip.checkEndpoint',
  startReceiver: 'zipwhip.startReceiver',
  stopReceiver: 'zipwhip.stopReceiver',
  showDeliveries: 'zipwhip.showDeliveries',
  openDelivery: 'zipwhip.openDelivery',
  replayDelivery: 'zipwhip.replayDelivery',
  copyDeliveryAsCurl: 'zipwhip.copyDeliveryAsCurl',
  clearDeliveries: 'zipwhip.clearDeliveries',
  exportDeliveries: 'zipwhip.exportDeliveries',
  pointHookAtReceiver: 'zipwhip.pointHookAtReceiver',
  restoreHookUrl: 'zipwhip.restoreHookUrl',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

export const VIEW_ID = 'zipwhip.webhooks';
export const DELIVERIES_VIEW_ID = 'zipwhip.deliveries';

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
  historyLimit: 'deliveries.historyLimit',
  receiverPort: 'receiver.port',
} as const;

export const DEFAULT_API_BASE_URL = 'https://api.zipwhip.com/';
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_HISTORY_LIMIT = 500;
export const DEFAULT_RECEIVER_PORT = 8787;
