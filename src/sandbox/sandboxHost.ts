import { EventEmitter } from 'node:events';
import type { DeliveryResult } from './fanout';
import type { FireOptions, SandboxServer } from './server';
import { DEFAULT_SANDBOX_ACCOUNT, type SandboxAccount, type SandboxSnapshot } from './types';

/** Where the host keeps the sandbox's lines and hooks between sessions (the extension's global state). */
export interface SandboxStateStore {
  load(): SandboxSnapshot | undefined;
  save(snapshot: SandboxSnapshot): void;
}

/**
 * The sandbox as the extension runs it: in-process, on a free loopback port, started on demand and
 * stopped when the extension deactivates. Its hooks are kept, so a reload finds them again.
 */
export class SandboxHost {
  private server: SandboxServer | undefined;
  private starting: Promise<string> | undefined;
  /** Bumped by stop(): a start that began before it must not leave a server running. */
  private generation = 0;
  private readonly events = new EventEmitter();

  constructor(private readonly stateStore: SandboxStateStore) {}

  /** The demo line's login. The sandbox is a local stand-in, so its password is no secret. */
  get account(): Readonly<SandboxAccount> {
    return DEFAULT_SANDBOX_ACCOUNT;
  }

  get baseUrl(): string | undefined {
    return this.server ? this.server.baseUrl : undefined;
  }

  /** The token of the running sandbox's `__sandbox/*` routes (new at each start); never logged. */
  get controlToken(): string | undefined {
    return this.server ? this.server.controlToken : undefined;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /**
   * Starts the sandbox once; later calls return the running one's base URL. Rejects when stop() came first.
   * `carriedKey`: the demo line's key from before a reload, which the new sandbox takes back (no new login).
   */
  async start(carriedKey?: string): Promise<string> {
    if (this.server) return this.server.baseUrl;
    const generation = this.generation;
    this.starting ??= (async () => {
      const saved = this.stateStore.load();
      // Loaded on the first start, not when the extension activates (node:http and the whole server).
      const { SandboxServer } = await import('./server.js');
      const server: SandboxServer = new SandboxServer({
        port: 0,
        host: '127.0.0.1',
        accounts: [{ ...DEFAULT_SANDBOX_ACCOUNT }],
        seed: true,
        ...(saved ? { state: saved } : {}),
        onStateChange: () => {
          this.stateStore.save(server.snapshot());
        },
      });
      if (carriedKey !== undefined) server.honourSession(DEFAULT_SANDBOX_ACCOUNT.username, carriedKey);
      try {
        const url = await server.start();
        if (generation !== this.generation) {
          await server.stop();
          throw new Error('The sandbox was stopped while it was starting.');
        }
        this.server = server;
        this.stateStore.save(server.snapshot());
        this.events.emit('change');
        return url;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  /** True when the running sandbox accepts this key. */
  knows(key: string): boolean {
    return this.server?.isSessionValid(key) ?? false;
  }

  /** Fires an event `count` times on the demo line: every matching hook gets a delivery (with retries). */
  async fire(type: string, event: string, count: number, options: FireOptions = {}): Promise<DeliveryResult[]> {
    const server = this.server;
    if (!server) throw new Error('The sandbox is not running.');
    const results: DeliveryResult[] = [];
    for (let i = 0; i < count; i++) results.push(...(await server.fireEvent(DEFAULT_SANDBOX_ACCOUNT.username, type, event, options)));
    return results;
  }

  /** The demo line's hooks for an event (a scenario says when none listens). */
  hooksFor(type: string, event: string): readonly { url: string; method: string }[] {
    return this.server?.hooks(DEFAULT_SANDBOX_ACCOUNT.username).filter((h) => h.type === type && h.event === event) ?? [];
  }

  /** Stops the sandbox, and one that is still starting. */
  async stop(): Promise<void> {
    this.generation += 1;
    const starting = this.starting;
    if (starting) await starting.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    if (server) {
      await server.stop();
      this.events.emit('change');
    }
  }
}
