import * as vscode from 'vscode';
import { checkBaseUrl, type BaseUrlCheck } from './api/baseUrl';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_HISTORY_MEGABYTES,
  DEFAULT_RECEIVER_PORT,
  DEFAULT_TIMEOUT_SECONDS,
  SETTINGS,
  type SettingName,
} from './constants';
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
  return Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string' && h.trim() !== '').map((h) => h.trim().toLowerCase()) : [];
}
