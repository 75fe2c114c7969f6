import * as vscode from 'vscode';
import { checkBaseUrl, type BaseUrlCheck } from './api/baseUrl';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_FORWARD_TIMEOUT_SECONDS,
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_HISTORY_MEGABYTES,
  DEFAULT_RECEIVER_PORT,
  DEFAULT_TIMEOUT_SECONDS,
  SETTINGS,
  type SettingName,
} from './constants';
import { allTargets, parseForwardTable, type ForwardTable } from './receiver/forwardRoutes';
import type { HistoryLimits } from './receiver/receiverHost';

/** Every setting the extension reads, read fresh on every use so that changes take effect without a reload. */

function read<T>(name: SettingName, fallback: T): T {
  return vscode.workspace.getConfiguration(SETTINGS.section).get<T>(SETTINGS[name], fallback);
}

export function apiBaseUrl(): BaseUrlCheck {
  const raw = read<string>('apiBaseUrl', DEFAULT_API_BASE_URL);
  return checkBaseUrl(raw || DEFAULT_API_BASE_URL);
}

export function requestTimeoutMs(): number {
  const seconds = read<number>('requestTimeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
  const valid = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
  return Math.min(valid, 600) * 1000;
}

export function historyLimits(): HistoryLimits {
  const count = read<number>('historyLimit', DEFAULT_HISTORY_LIMIT);
  const megabytes = read<number>('historyMegabytes', DEFAULT_HISTORY_MEGABYTES);
  return {
    count: Number.isInteger(count) && count >= 1 ? Math.min(count, 100_000) : DEFAULT_HISTORY_LIMIT,
    bytes: (Number.isFinite(megabytes) && megabytes >= 1 ? Math.min(megabytes, 1024) : DEFAULT_HISTORY_MEGABYTES) * 1024 * 1024,
  };
}

export function receiverPort(): number {
  const port = read<number>('receiverPort', DEFAULT_RECEIVER_PORT);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : DEFAULT_RECEIVER_PORT;
}

/** Host names (with an optional port) the receiver answers besides its own address, e.g. a tunnel's. */
export function receiverAllowedHosts(): string[] {
  const hosts = read<unknown>('receiverAllowedHosts', []);
  return Array.isArray(hosts)
    ? hosts.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => h.trim().toLowerCase())
    : [];
}

/** The forwarding table, what was wrong in it, and which targets only a workspace's settings name. */
export interface ForwardSetting {
  readonly table: ForwardTable;
  readonly problems: readonly string[];
  /** Targets named in workspace (or folder) settings and not in the user's own: they must be on this machine. */
  readonly workspaceOnly: ReadonlySet<string>;
}

export function forwardSetting(): ForwardSetting {
  const configuration = vscode.workspace.getConfiguration(SETTINGS.section);
  const { table, problems } = parseForwardTable(configuration.get<unknown>(SETTINGS.receiverForward));
  const inspected = configuration.inspect<unknown>(SETTINGS.receiverForward);
  const users = new Set(allTargets(parseForwardTable(inspected?.globalValue).table));
  const workspace = new Set([
    ...allTargets(parseForwardTable(inspected?.workspaceValue).table),
    ...allTargets(parseForwardTable(inspected?.workspaceFolderValue).table),
  ]);
  return { table, problems, workspaceOnly: new Set([...workspace].filter((t) => !users.has(t))) };
}

export function forwardTimeoutMs(): number {
  const seconds = read<number>('forwardTimeoutSeconds', DEFAULT_FORWARD_TIMEOUT_SECONDS);
  return (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) : DEFAULT_FORWARD_TIMEOUT_SECONDS) * 1000;
}

/** Mask phone numbers and message texts in the Deliveries view, documents, exports, fixtures and the log. */
export function maskPersonalData(): boolean {
  return read<unknown>('maskPersonalData', false) === true;
}
