import { EventEmitter } from 'node:events';
import { CaptureServer } from './captureServer';
import { CaptureStore, type Capture } from './captureStore';

/** Where the capture history is kept between sessions (a file in the extension's storage). */
export interface CaptureHistoryStore {
  load(): Promise<unknown>;
  save(json: string): Promise<void>;
}

const SAVE_DELAY_MS = 1000;

/** How the capture history is bounded: a number of captures and a number of bytes, whichever comes first. */
export interface HistoryLimits {
  readonly count: number;
  readonly bytes: number;
}

/** Something went wrong with the saved history: `message` for a notification, `detail` for the log. */
export interface HistoryProblem {
  readonly message: string;
  readonly detail: string;
}

export interface ReceiverHostOptions {
  readonly limits: HistoryLimits;
  /** Host names (with an optional port) answered besides the receiver's own address, e.g. a tunnel's. */
  readonly allowedHosts: readonly string[];
  readonly history?: CaptureHistoryStore;
  /** Told about a history that could not be read or saved (once per kind of problem). */
  readonly onHistoryProblem?: (problem: HistoryProblem) => void;
}

/**
 * The local receiver as the extension runs it: one capture server at a time, and one bounded history
 * that outlives it (and the window: it is saved, debounced, to the extension's storage).
 */
export class ReceiverHost {
  private server: CaptureServer | undefined;
  private store: CaptureStore;
  private storeSubscription: { dispose(): void };
  private bindHost = '127.0.0.1';
  private lastStart: { host: '127.0.0.1' | '0.0.0.0'; port: number } | undefined;
  private readonly events = new EventEmitter();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  private readonly history: CaptureHistoryStore | undefined;
  private readonly onHistoryProblem: ((problem: HistoryProblem) => void) | undefined;
  private allowedHosts: string[];

  constructor(options: ReceiverHostOptions) {
    this.history = options.history;
    this.onHistoryProblem = options.onHistoryProblem;
    this.allowedHosts = [...options.allowedHosts];
    this.store = new CaptureStore(options.limits.count);
    this.storeSubscription = this.watch(this.store);
  }

  get size(): number {
    return this.store.size;
  }

  setAllowedHosts(hosts: readonly string[]): void {
    this.allowedHosts = [...hosts];
  }

  /** Reads the saved history; captures that arrived meanwhile are kept too. */
  async restore(): Promise<void> {
    if (!this.history) return;
    const saved = CaptureStore.fromJSON(await this.history.load().catch(() => undefined), this.store.limit);
    const arrived = this.store.list();
    this.replaceStore(saved);
    for (const capture of arrived.reverse()) this.store.add(capture);
    this.events.emit('change');
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** The address to send requests to from this machine (127.0.0.1 even when listening on all interfaces). */
  get url(): string | undefined {
    if (!this.server?.running) return undefined;
    const url = new URL(this.server.url);
    if (this.bindHost === '0.0.0.0') url.hostname = '127.0.0.1';
    return url.toString();
  }

  get listensOnAllInterfaces(): boolean {
    return this.running && this.bindHost === '0.0.0.0';
  }

  list(): Capture[] {
    return this.store.list();
  }

  get(id: string): Capture | undefined {
    return this.store.get(id);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  async start(options: { host: '127.0.0.1' | '0.0.0.0'; port: number }): Promise<string> {
    if (this.server?.running) await this.stop();
    const server = new CaptureServer({ host: options.host, port: options.port, store: this.store });
    const { url } = await server.start();
    this.server = server;
    this.bindHost = options.host;
    this.lastStart = { host: options.host, port: Number(new URL(url).port) };
    this.events.emit('change');
    return this.url ?? server.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await server.stop();
      this.events.emit('change');
    }
  }

  /** A new history limit keeps the newest captures; a running server is restarted on its port to use it. */
  async setLimits(limits: HistoryLimits): Promise<void> {
    const limit = limits.count;
    if (limit === this.store.limit) return;
    const restart = this.server?.running ? this.lastStart : undefined;
    if (restart) await this.stop();
    this.replaceStore(CaptureStore.fromJSON(this.store.toJSON(), limit));
    if (restart) await this.start(restart);
    this.events.emit('change');
    this.scheduleSave();
  }

  clear(): void {
    this.store.clear();
  }

  async exportJson(): Promise<Uint8Array> {
    return Promise.resolve(Buffer.from(this.store.exportJson(), 'utf8'));
  }

  /** Writes any pending history now (on deactivate). */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saveNow();
    }
    await this.saving;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await this.flush();
    this.storeSubscription.dispose();
    this.events.removeAllListeners();
  }

  private replaceStore(store: CaptureStore): void {
    this.storeSubscription.dispose();
    this.store = store;
    this.storeSubscription = this.watch(store);
  }

  private watch(store: CaptureStore): { dispose(): void } {
    return store.onDidChange(() => {
      this.events.emit('change');
      this.scheduleSave();
    });
  }

  private scheduleSave(): void {
    if (!this.history || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow();
    }, SAVE_DELAY_MS);
  }

  private saveNow(): void {
    const history = this.history;
    if (!history) return;
    const json = JSON.stringify(this.store.toJSON());
    this.saving = this.saving
      .then(() => history.save(json))
      .catch((error: unknown) => { this.onHistoryProblem?.({ message: 'The delivery history could not be saved.', detail: String(error) }); });
  }
}
