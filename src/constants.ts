/**
 * Every id the manifest and the code share: commands and their titles, views, context keys, settings and
 * storage keys. The manifest test checks package.json against each of them, both ways.
 */

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
  showCaptures: 'zipwhip.showCaptures',
  openCapture: 'zipwhip.openCapture',
  replayCapture: 'zipwhip.replayCapture',
  copyCaptureAsCurl: 'zipwhip.copyCaptureAsCurl',
  clearCaptures: 'zipwhip.clearCaptures',
  exportCaptures: 'zipwhip.exportCaptures',
  pointHookAtReceiver: 'zipwhip.pointHookAtReceiver',
  restoreHookUrl: 'zipwhip.restoreHookUrl',
  editAndReplay: 'zipwhip.editAndReplay',
  sendPayload: 'zipwhip.sendPayload',
  comparePayloadWithOriginal: 'zipwhip.comparePayloadWithOriginal',
  filterCaptures: 'zipwhip.filterCaptures',
  clearCaptureFilter: 'zipwhip.clearCaptureFilter',
  showFailedOnly: 'zipwhip.showFailedOnly',
  showAllCaptures: 'zipwhip.showAllCaptures',
  newScenario: 'zipwhip.newScenario',
  saveAsScenario: 'zipwhip.saveAsScenario',
  saveAsTest: 'zipwhip.saveAsTest',
  copyReceiverUrl: 'zipwhip.copyReceiverUrl',
  pauseForwarding: 'zipwhip.pauseForwarding',
  resumeForwarding: 'zipwhip.resumeForwarding',
  runScenario: 'zipwhip.runScenario',
  runScenarioWithQuirks: 'zipwhip.runScenarioWithQuirks',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Each command's title exactly as the manifest gives it (the palette shows it after "Zipwhip: "). */
export const COMMAND_TITLES: Readonly<Record<CommandId, string>> = {
  [COMMANDS.signIn]: 'Sign In…',
  [COMMANDS.signInWithSessionKey]: 'Sign In with Session Key…',
  [COMMANDS.signOut]: 'Sign Out…',
  [COMMANDS.startSandbox]: 'Start Sandbox',
  [COMMANDS.stopSandbox]: 'Stop Sandbox',
  [COMMANDS.addWebhook]: 'Add Webhook…',
  [COMMANDS.editWebhook]: 'Edit Webhook…',
  [COMMANDS.deleteWebhook]: 'Delete Webhook…',
  [COMMANDS.refresh]: 'Refresh Webhooks',
  [COMMANDS.copyWebhookUrl]: 'Copy Webhook URL',
  [COMMANDS.showLog]: 'Show Log',
  [COMMANDS.simulateEvent]: 'Simulate Event…',
  [COMMANDS.sendTestDelivery]: 'Send Test Delivery…',
  [COMMANDS.checkEndpoint]: 'Check Endpoint…',
  [COMMANDS.startReceiver]: 'Start Receiver…',
  [COMMANDS.stopReceiver]: 'Stop Receiver',
  [COMMANDS.showCaptures]: 'Show Deliveries',
  [COMMANDS.openCapture]: 'Open Delivery',
  [COMMANDS.replayCapture]: 'Replay Delivery…',
  [COMMANDS.copyCaptureAsCurl]: 'Copy Delivery as cURL',
  [COMMANDS.clearCaptures]: 'Clear Deliveries',
  [COMMANDS.exportCaptures]: 'Export Deliveries…',
  [COMMANDS.pointHookAtReceiver]: 'Point Hook at Receiver',
  [COMMANDS.restoreHookUrl]: 'Restore Original URL',
  [COMMANDS.editAndReplay]: 'Edit and Replay…',
  [COMMANDS.sendPayload]: 'Send…',
  [COMMANDS.comparePayloadWithOriginal]: 'Compare with Original',
  [COMMANDS.filterCaptures]: 'Filter Deliveries…',
  [COMMANDS.clearCaptureFilter]: 'Clear Deliveries Filter',
  [COMMANDS.showFailedOnly]: 'Show Failed Deliveries Only',
  [COMMANDS.showAllCaptures]: 'Show All Deliveries',
  [COMMANDS.newScenario]: 'New Scenario…',
  [COMMANDS.saveAsScenario]: 'Save as Scenario…',
  [COMMANDS.saveAsTest]: 'Save as Test…',
  [COMMANDS.copyReceiverUrl]: 'Copy Receiver URL',
  [COMMANDS.pauseForwarding]: 'Pause Forwarding',
  [COMMANDS.resumeForwarding]: 'Resume Forwarding',
  [COMMANDS.runScenario]: 'Run Scenario',
  [COMMANDS.runScenarioWithQuirks]: 'Run Scenario with Delivery Quirks…',
};

/** A command's title for the log and error context: the manifest's, without the trailing "…". */
export function commandLabel(id: CommandId): string {
  return COMMAND_TITLES[id].replace(/…$/, '');
}

export const VIEW_ID = 'zipwhip.webhooks';
/** The Deliveries view: what the receiver captured. */
export const CAPTURES_VIEW_ID = 'zipwhip.captures';

/** Context keys read by `when` clauses and `viewsWelcome` in package.json; set only by src/contextKeys.ts. */
export const CONTEXT = {
  viewState: 'zipwhip.viewState',
  sandboxRunning: 'zipwhip.sandboxRunning',
  receiverRunning: 'zipwhip.receiverRunning',
  hasCaptures: 'zipwhip.hasCaptures',
  capturesFiltered: 'zipwhip.capturesFiltered',
  capturesFailedOnly: 'zipwhip.capturesFailedOnly',
  /** off, on or paused. */
  forwarding: 'zipwhip.forwarding',
} as const;

export type ViewState = 'signedOut' | 'loading' | 'loadFailed' | 'ready';

/** Setting keys under the `zipwhip` section; read only through src/config.ts. */
export const SETTINGS = {
  section: 'zipwhip',
  apiBaseUrl: 'apiBaseUrl',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  historyLimit: 'deliveries.historyLimit',
  historyMegabytes: 'deliveries.historyMegabytes',
  receiverPort: 'receiver.port',
  receiverAllowedHosts: 'receiver.allowedHosts',
  receiverForward: 'receiver.forward',
  forwardTimeoutSeconds: 'receiver.forwardTimeoutSeconds',
  maskPersonalData: 'privacy.maskPersonalData',
} as const;

export type SettingName = Exclude<keyof typeof SETTINGS, 'section'>;

/** The full key of a setting, e.g. `zipwhip.apiBaseUrl`, as affectsConfiguration and the manifest use it. */
export function settingKey(name: SettingName): string {
  return `${SETTINGS.section}.${SETTINGS[name]}`;
}

/** Keys of the extension's globalState, workspaceState and SecretStorage entries. */
export const STORAGE = {
  /** globalState: the sandbox's lines and hooks (no passwords, no keys). */
  sandboxState: 'zipwhip.sandboxState',
  /** globalState: hooks pointed at the receiver, with their original URL and method. */
  hookRedirects: 'zipwhip.hookRedirects',
  /** workspaceState: the last URL a capture was replayed to. */
  replayTarget: 'zipwhip.replayTarget',
  /** workspaceState: the handler Start Receiver last forwarded to. */
  forwardTarget: 'zipwhip.forwardTarget',
  /** SecretStorage: the index of signed-in lines (no keys in it). */
  lineIndex: 'zipwhip.lines',
  /** SecretStorage: prefix of one line's session key, `zipwhip.session:<server>|<deviceId>`. */
  sessionPrefix: 'zipwhip.session:',
} as const;

/** Folder of editable payloads in the extension's global storage. */
export const PAYLOAD_FOLDER = 'payloads';

/** Folder of the capture history in the extension's global storage. */
export const CAPTURE_HISTORY_FOLDER = 'captures';

export const DEFAULT_API_BASE_URL = 'https://api.zipwhip.com/';
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_HISTORY_LIMIT = 500;
export const DEFAULT_HISTORY_MEGABYTES = 64;
export const DEFAULT_RECEIVER_PORT = 8787;
export const DEFAULT_FORWARD_TIMEOUT_SECONDS = 10;
