import { EventEmitter } from 'node:events';
import { messageOf } from '../errors/describeError';
import { exportCaptures } from './captureExport';
import type { CaptureHistoryStore, HistoryProblem, WriteResult } from './captureHistory';
import type { CaptureServer, Forwarding } from './captureServer';
import { targetsFor, type ForwardTable } from './forwardRoutes';
import { CaptureStore, type Capture, type CaptureLimits } from './captureStore';

export type { CaptureHistoryStore, HistoryProblem } from './captureHistory';

/** How the capture history is bounded: a number of captures and a number of bytes, whichever comes first. */
export type HistoryLimits = CaptureLimits;

/** After a failed save, the next try comes with the next capture or after this long. */
const RETRY_DELAY_MS = 10_000;

export interface ReceiverHostOptions {
  readonly limits: HistoryLimits;
  /** Host names (with an optional port) answered besides the receiver's own address, e.g. a tunnel's. */
  readonly allowedHosts: readonly string[];
  readonly history?: CaptureHistoryStore;
  /** Told about a history that could not be read, or could not be saved (once per streak of failures). */
  readonly onHistoryProblem?: (problem: HistoryProblem) => void;
}

/** How a receiver started: capture only, or forwarding each capture to the handlers of this table. */
export interface ReceiverStart {
  readonly host: '127.0.0.1' | '0.0.0.0';
  readonly port: number;
  readonly forward?: { readonly table: ForwardTable; readonly timeoutMs: number };
}

export type ForwardingState = 'off' | 'on' | 'paused';

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The local receiver as the extension runs it: one capture server at a time, and one bounded history that
 * outlives it (and the window: each batch of captures is appended to this window's history file, see
 * captureHistory). Every history task runs on one promise chain that never rejects, so saves never overlap,
 * and a failure is reported, never thrown from a timer.
 */
export class ReceiverHost {
  private server: CaptureServer | undefined;
  private readonly store: CaptureStore;
  private readonly storeSubscription: { dispose(): void };
  private lastStart: ReceiverStart | undefined;
  /** Captures being forwarded, newest last: shown first, not yet in the store (nor in the history). */
  private readonly pending = new Map<string, Capture>();
  private paused = false;
  private readonly events = new EventEmitter();
  private allowedHosts: string[];
  /** Requests refused by servers already stopped. */
  private refusedBefore = 0;

  private readonly history: CaptureHistoryStore | undefined;
  private readonly onHistoryProblem: ((problem: HistoryProblem) => void) | undefined;
  private chain: Promise<void> = Promise.resolve();
  private saveQueued = false;
  private changeQueued = false;
  /** store.totalCaptured when the captures were last handed to the history. */
  private savedUpTo = 0;
  /** The file must be written whole again: after a clear, or after a failed write that may have left half a line. */
  private rewriteNeeded = false;
  private clearedAt: string | undefined;
  private saveFailing = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(options: ReceiverHostOptions) {
    this.history = options.history;
    this.onHistoryProblem = options.onHistoryProblem;
    this.allowedHosts = [...options.allowedHosts];
    this.store = new CaptureStore(options.limits);
    this.storeSubscription = this.store.onDidChange(() => {
      this.events.emit('change');
      this.requestSave();
    });
  }

  /** How many captures are kept. */
  get size(): number {
    return this.store.size;
  }

  /** About how many bytes the kept captures hold in memory. */
  get heldBytes(): number {
    return this.store.bytes;
  }

  /** Requests refused because their `Host` named another server, since this host was made. */
  get refusedCount(): number {
    return this.refusedBefore + (this.server?.refusedCount ?? 0);
  }

  setAllowedHosts(hosts: readonly string[]): void {
    this.allowedHosts = [...hosts];
    this.server?.setAllowedHosts(this.allowedHosts);
  }

  /**
   * Reads the saved history of every window, keeps the newest within the limits (with captures that arrived
   * meanwhile), rewrites this window's file with them and deletes the files of windows that are gone.
   * Never rejects: problems go to onHistoryProblem.
   */
  async restore(): Promise<void> {
    const history = this.history;
    if (!history) return;
    await this.enqueue(async () => {
      const loaded = await history.load(this.store.limits);
      for (const problem of loaded.problems) this.report(problem);
      this.clearedAt = later(this.clearedAt, loaded.clearedAt);
      this.store.restore(loaded.captures);
      // Nothing to keep and nothing to take over: no file to write yet.
      if (this.store.size === 0 && this.clearedAt === undefined && loaded.adopted.length === 0) return;
      if ((await this.rewrite(history)) && loaded.adopted.length > 0) {
        await history.discard(loaded.adopted).catch((error: unknown) => {
          this.report({
            message: 'Old delivery history files could not be removed.',
            detail: `Capture history: could not remove old files: ${messageOf(error)}`,
          });
        });
      }
    }, 'The saved delivery history could not be read.');
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** The address to send requests to from this machine (127.0.0.1 even when listening on all interfaces). */
  get url(): string | undefined {
    if (!this.server?.running) return undefined;
    const url = new URL(this.server.url);
    if (this.lastStart?.host === '0.0.0.0') url.hostname = '127.0.0.1';
    return url.toString();
  }

  get listensOnAllInterfaces(): boolean {
    return this.running && this.lastStart?.host === '0.0.0.0';
  }

  /** Newest first; the ones still being forwarded first of all. */
  list(): Capture[] {
    return this.pending.size === 0 ? this.store.list() : [...[...this.pending.values()].reverse(), ...this.store.list()];
  }

  get(id: string): Capture | undefined {
    return this.pending.get(id) ?? this.store.get(id);
  }

  /** Off (capture only), on, or paused (capturing, answering 200, forwarding nothing). */
  get forwardingState(): ForwardingState {
    if (!this.running || !this.lastStart?.forward) return 'off';
    return this.paused ? 'paused' : 'on';
  }

  /** The routing table in use, when forwarding. */
  get forwardTable(): ForwardTable | undefined {
    return this.running ? this.lastStart?.forward?.table : undefined;
  }

  pauseForwarding(): void {
    if (this.paused) return;
    this.paused = true;
    this.events.emit('change');
  }

  resumeForwarding(): void {
    if (!this.paused) return;
    this.paused = false;
    this.events.emit('change');
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  async start(options: ReceiverStart): Promise<string> {
    if (this.server?.running) await this.stop();
    // Loaded on the first start, not when the extension activates (node:http and the capture path).
    const { CaptureServer } = await import('./captureServer.js');
    const server = new CaptureServer({
      host: options.host,
      port: options.port,
      store: this.store,
      allowedHosts: this.allowedHosts,
      onRefused: () => this.events.emit('change'),
      ...(options.forward ? { forwarding: this.forwarding(options.forward) } : {}),
    });
    const { url } = await server.start();
    this.server = server;
    this.lastStart = { ...options, port: Number(new URL(url).port) };
    this.paused = false;
    this.events.emit('change');
    return this.url ?? server.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      this.refusedBefore += server.refusedCount;
      await server.stop();
      this.events.emit('change');
    }
  }

  private forwarding(forward: NonNullable<ReceiverStart['forward']>): Forwarding {
    return {
      targetsFor: (event) => targetsFor(forward.table, event),
      paused: () => this.paused,
      timeoutMs: forward.timeoutMs,
      onPending: (capture) => {
        this.pending.set(capture.id, capture);
        this.changeSoon();
      },
      onForwarded: (capture) => {
        this.pending.delete(capture.id);
        this.store.add(capture);
      },
    };
  }

  /** One 'change' for every capture that went pending in this turn of the event loop, not one each. */
  private changeSoon(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    setImmediate(() => {
      this.changeQueued = false;
      this.events.emit('change');
    });
  }

  /** New limits keep the newest captures; the server goes on running. */
  setLimits(limits: HistoryLimits): Promise<void> {
    this.store.setLimits(limits);
    this.requestSave();
    return Promise.resolve();
  }

  /** Empties the history, here and (from the next reload on) in every window's saved file. */
  clear(): void {
    this.store.clear();
    this.clearedAt = new Date().toISOString();
    this.rewriteNeeded = true;
    this.requestSave(true);
  }

  /** The history as an export file, newest first, built without blocking the editor; `each` may mask a capture. */
  async exportJson(each?: (capture: Capture) => Capture): Promise<Uint8Array> {
    const captures = this.store.list();
    return exportCaptures(each ? captures.map(each) : captures);
  }

  /** Writes any pending history now (on deactivate) and tries again after a failed save. */
  async flush(): Promise<void> {
    this.requestSave(true);
    await this.chain;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.flush();
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.storeSubscription.dispose();
    this.events.removeAllListeners();
  }

  /** Runs a history task after the others; resolves when it is done, whatever happened. */
  private enqueue(task: () => Promise<void>, failure = 'The delivery history could not be saved.'): Promise<void> {
    const run = this.chain.then(task).catch((error: unknown) => {
      this.report({ message: failure, detail: `Capture history: ${messageOf(error)}` });
    });
    this.chain = run;
    return run;
  }

  /** Queues a save; after a failure only the retry timer, flush() and clear() try again (`force`), not every capture. */
  private requestSave(force = false): void {
    const history = this.history;
    if (!history || this.saveQueued || this.disposed || (this.saveFailing && !force)) return;
    this.saveQueued = true;
    void this.enqueue(async () => {
      this.saveQueued = false;
      await this.save(history);
    });
  }

  /** Appends what arrived since the last save, or rewrites the file when it must be or has grown too big. */
  private async save(history: CaptureHistoryStore): Promise<void> {
    if (this.rewriteNeeded || history.needsCompaction(this.store.size, this.store.limits.bytes)) {
      await this.rewrite(history);
      return;
    }
    const fresh = this.store.addedSince(this.savedUpTo);
    this.savedUpTo = this.store.totalCaptured;
    if (fresh.length === 0) return;
    try {
      this.saved(await history.append(fresh));
    } catch (error) {
      this.failed(error);
    }
  }

  /** Writes the kept captures as the whole file; true when it worked. */
  private async rewrite(history: CaptureHistoryStore): Promise<boolean> {
    const kept = this.store.oldestFirst();
    this.savedUpTo = this.store.totalCaptured;
    this.rewriteNeeded = false;
    try {
      this.saved(await history.rewrite(kept, this.clearedAt));
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  private saved(result: WriteResult): void {
    this.saveFailing = false;
    if (result.skipped > 0) {
      this.report({
        message: 'Some deliveries were too large to save in the history.',
        detail: `Capture history: ${result.skipped} capture(s) could not be written as JSON and were left out.`,
      });
    }
  }

  /** The captures not written stay in memory and go into the next (whole) write. */
  private failed(error: unknown): void {
    this.rewriteNeeded = true;
    if (!this.saveFailing) {
      this.saveFailing = true;
      this.report({
        message: 'The delivery history could not be saved. Deliveries are kept while the editor runs; saving is tried again.',
        detail: `Capture history not saved: ${messageOf(error)}`,
      });
    }
    if (!this.retryTimer && !this.disposed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.requestSave(true);
      }, RETRY_DELAY_MS);
      this.retryTimer.unref();
    }
  }

  private report(problem: HistoryProblem): void {
    try {
      this.onHistoryProblem?.(problem);
    } catch {
      // A broken listener must not break the history chain.
    }
  }
}
