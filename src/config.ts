import * as vscode from 'vscode';
import { checkBaseUrl, type BaseUrlCheck } from './api/baseUrl';
import { DEFAULT_API_BASE_URL, DEFAULT_HISTORY_LIMIT, DEFAULT_TIMEOUT_SECONDS, SETTINGS } from './constants';

/** The settings, read fresh on every use so that changes take effect without a reload. */
export function apiBaseUrl(): BaseUrlCheck {
  const raw = vscode.workspace.getConfiguration(SETTINGS.section).get<string>(SETTINGS.apiBaseUrl, DEFAULT_API_BASE_URL);
  return checkBaseUrl(raw || DEFAULT_API_BASE_URL);
}

export function requestTimeoutMs(): number {
  const seconds = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.requestTimeoutSeconds, DEFAULT_TIMEOUT_SECONDS);
  const valid = Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
  return Math.min(valid, 600) * 1000;
}

export function deliveryHistoryLimit(): number {
  const limit = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.historyLimit, DEFAULT_HISTORY_LIMIT);
  return Number.isInteger(limit) && limit >= 1 ? Math.min(limit, 100_000) : DEFAULT_HISTORY_LIMIT;
}

