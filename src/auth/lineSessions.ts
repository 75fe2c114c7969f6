import * as vscode from 'vscode';
import { ZipwhipClient } from '../api/client';
import { SessionRejectedError } from '../api/errors';
import { preloadUndici } from '../api/undici';
import { apiBaseUrl, requestTimeoutMs } from '../config';
import { settingKey } from '../constants';
import { describeError, messageOf } from '../errors/describeError';
import type { Log } from '../log';
import type { SandboxHost } from '../sandbox/sandboxHost';
import { SANDBOX_SERVER, type LineRecord } from './lineRecord';
import { lineIdOf, type SessionStore } from './sessionStore';

/** A key stored for a line, and whether the key it replaced could be revoked. */
export interface SignedIn {
  readonly line: LineRecord;
  /** Why the previous key of the line could not be logged out (it may still be valid on the server). */
  readonly revokeFailure?: string;
}

/**
 * Which lines are in play and how to reach each. A key is only ever sent to the server that
 * issued it: a line's calls go to its own `server`, and lines of another server than the one the
 * settings name are not shown (their keys stay stored for when the setting points back).
 */
export class LineSessions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: { dispose(): void }[] = [];
  /** The sandbox line is shown only once its key is known to work (a restarted sandbox forgets every key). */
  private sandboxSignedIn = false;

  constructor(
    private readonly store: SessionStore,
    private readonly sandbox: SandboxHost,
    private readonly log: Log,
  ) {
    this.subscriptions.push(
      store.onDidChange(() => {
        this.changed.fire();
      }),
      sandbox.onDidChange(() => {
        if (!sandbox.running) this.sandboxSignedIn = false;
        this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingKey('apiBaseUrl'))) this.changed.fire();
      }),
      this.changed,
    );
  }

  /** Every stored line, of every server. */
  storedLines(): Promise<LineRecord[]> {
    return this.store.lines();
  }

  /** The lines the tree shows: those of the configured server, and the sandbox's while it runs. */
  async visibleLines(): Promise<LineRecord[]> {
    const configured = apiBaseUrl();
    const server = configured.ok ? configured.baseUrl : undefined;
    const lines = await this.store.lines();
    // A signed-in line is loaded next (the sandbox's after it resumes): the HTTP client loads meanwhile.
    if (lines.length > 0) preloadUndici();
    return lines.filter((line) => (line.server === SANDBOX_SERVER ? this.sandbox.running && this.sandboxSignedIn : line.server === server));
  }

  isSandbox(line: LineRecord): boolean {
    return line.server === SANDBOX_SERVER;
  }

  baseUrlOf(line: LineRecord): string | undefined {
    return line.server === SANDBOX_SERVER ? this.sandbox.baseUrl : line.server;
  }

  /** The stored key of a line (tests and the sandbox check use it; nothing shows it). */
  keyOf(line: LineRecord): Promise<string | undefined> {
    return this.store.key(line);
  }

  /** A client for one server, with the current time-out, logging every call. */
  client(baseUrl: string): ZipwhipClient {
    const host = new URL(baseUrl).host;
    return new ZipwhipClient({
      baseUrl,
      timeoutMs: requestTimeoutMs(),
      onRequest: (entry) => {
        this.log.request(entry, host);
      },
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

  /**
   * Like withSession; when the server rejects the key but a new key was stored meanwhile (a sign-in, or the
   * sandbox resuming after a reload, raced this call), it tries once more with the new key.
   */
  async withCurrentKey<T>(line: LineRecord, call: (client: ZipwhipClient, key: string) => Promise<T>): Promise<T> {
    let used: string | undefined;
    try {
      return await this.withSession(line, (client, key) => {
        used = key;
        return call(client, key);
      });
    } catch (error) {
      if (!(error instanceof SessionRejectedError) || used === undefined || (await this.store.key(line)) === used) throw error;
      return this.withSession(line, call);
    }
  }

  /**
   * Stores a key for its line. Keys never expire until they are logged out, so a different key already stored
   * for the same line is logged out first; when that fails, the new key is stored all the same and the caller
   * says so (as Sign Out does). `previousIsDead` skips that for a key the server was just seen to reject.
   */
  async signedIn(
    server: string,
    key: string,
    username?: string,
    options: { previousIsDead?: boolean; signal?: AbortSignal } = {},
  ): Promise<SignedIn> {
    const previous = await this.store.key({ id: lineIdOf(server, key) });
    let revokeFailure: string | undefined;
    if (previous !== undefined && previous !== key && !options.previousIsDead) {
      const baseUrl = server === SANDBOX_SERVER ? this.sandbox.baseUrl : server;
      try {
        if (baseUrl === undefined) throw new Error('the sandbox is not running');
        await this.client(baseUrl).logout(previous, options.signal);
      } catch (error) {
        const described = describeError(error);
        if (described.silent) throw error;
        revokeFailure = described.text;
        this.log.warn('auth', `The previous session key of this line could not be logged out: ${revokeFailure}`);
      }
    }
    const line = await this.store.save(server, key, username);
    return revokeFailure === undefined ? { line } : { line, revokeFailure };
  }

  /** Forgets a line's key (after, or instead of, user/logout). */
  remove(line: LineRecord): Promise<void> {
    return this.store.remove(line);
  }

  /**
   * Starts the in-process sandbox if needed and makes sure its demo line has a working key: the stored
   * one if the sandbox still knows it, else a fresh login (same device id, so the same line in the tree).
   */
  async signInToSandbox(signal?: AbortSignal): Promise<LineRecord> {
    const alreadyRunning = this.sandbox.running;
    const existing = (await this.store.lines()).find((l) => l.server === SANDBOX_SERVER);
    const stored = existing ? await this.store.key(existing) : undefined;
    // A sandbox started now takes the stored key back; one already running is asked whether it knows it.
    const baseUrl = await this.sandbox.start(stored);
    if (existing && stored !== undefined) {
      const valid = alreadyRunning
        ? await this.withSession(existing, (client, key) => client.listWebhooks(key, signal)).then(
            () => true,
            () => false,
          )
        : this.sandbox.knows(stored);
      if (valid) return this.sandboxReady(existing);
    }
    const account = this.sandbox.account;
    const key = await this.client(baseUrl).login(account.username, account.password, signal);
    return this.sandboxReady((await this.signedIn(SANDBOX_SERVER, key, account.username, { previousIsDead: true })).line);
  }

  private sandboxReady(line: LineRecord): LineRecord {
    if (!this.sandboxSignedIn) {
      this.sandboxSignedIn = true;
      this.changed.fire();
    }
    return line;
  }

  /** A sandbox line signed in before a reload comes back: the sandbox restarts with its saved hooks. */
  async resumeSandbox(): Promise<void> {
    try {
      if (!(await this.store.lines()).some((l) => l.server === SANDBOX_SERVER)) return;
      const line = await this.signInToSandbox();
      this.log.info('sandbox', `Sandbox resumed at ${this.sandbox.baseUrl ?? '?'} for ${line.label}`);
    } catch (error) {
      this.log.info('sandbox', `Could not resume the sandbox: ${messageOf(error)}`);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
