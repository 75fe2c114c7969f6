import * as vscode from 'vscode';
import type { RequestLogEntry } from './api/client';

/**
 * The one "Zipwhip" log channel. Requests are logged as method, path, status and duration;
 * never a key, a password or a body.
 */
export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Zipwhip', { log: true });
  }

  request(entry: RequestLogEntry, host: string): void {
    const status = entry.status === undefined ? '-' : String(entry.status);
    const line = `[api] ${entry.method} ${host}/${entry.path} ${status} ${Math.round(entry.durationMs)}ms${entry.outcome === 'ok' ? '' : ` (${entry.outcome})`}`;
    if (entry.outcome === 'ok') this.channel.info(line);
    else this.channel.warn(line);
  }

  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${message}`);
  }

  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${message}`);
  }

  error(component: string, message: string): void {
    this.channel.error(`[${component}] ${message}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
