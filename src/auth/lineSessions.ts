import * as vscode from 'vscode';
import { SessionRejectedError, ZipwhipClient } from '../api';
import { apiBaseUrl, requestTimeoutMs } from '../config';
import type { Log } from '../log';
import type { SandboxHost } from '../sandbox/sandboxHost';
import { SANDBOX_SERVER, type LineRecord } from './lineRecord';
import type { SessionStore } from './sessionStore';

/**
 * Which lines are in play and how to reach each. A key is only ever sent to the server that
 * issued it: a line's calls go to its own `server`, and lines of another server than the one the
 * settings name are not shown (their keys stay stored for when the setting points back).
 */
export class LineSessions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(
    readonly store: SessionStore,
    readonly sandbox: SandboxHost,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => { this.changed.fire(); }),
      sandbox.onDidChange(() => { this.changed.fire(); }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zipwhip.apiBaseUrl')) this.changed.fire();
      }),
      this.changed,
    );
  }

  /** The lines the tree shows: those of the configured server, and the sandbox's while it runs. */
  async visibleLines(): Promise<LineRecord[]> {
    const configured = apiBaseUrl();
    const server = configured.ok ? configured.baseUrl : undefined;
    const lines = await this.store.lines();
    return lines.filter((line) => (line.server === SANDBOX_SERVER ? this.sandbox.running : line.server === server));
  }

  isSandbox(line: LineRecord): boolean {
    return line.server === SANDBOX_SERVER;
  }

  baseUrlOf(line: LineRecord): string | undefined {
    return line.server === SANDBOX_SERVER ? this.sandbox.baseUrl : line.server;
  }

  /** A client for one server, with the current time-out, logging every call. */
  client(baseUrl: string): ZipwhipClient {
    const host = new URL(baseUrl).host;
    return new ZipwhipClient({
      baseUrl,
      timeoutMs: requestTimeoutMs(),
      onRequest: (entry) => { this.log.request(entry, host); },
    });
  }

  /** Runs an API call with the line's own key against the line's own server. */
  async withSession<T>(line: LineRecord, call: (client: ZipwhipClient, key: string) => Promise<T>): Promise<T> {
    const baseUrl = this.baseUrlOf(line);
    const key = await this.store.key(line);
    if (baseUrl === undefined || key === undefined) {
      throw new SessionRejectedError(0, `No session is stored for ${line.label}. Sign in again.`);
    }
    return call(this.client(baseUrl), key);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
