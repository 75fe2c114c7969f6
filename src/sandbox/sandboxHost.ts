import { EventEmitter } from 'node:events';
import type { DeliveryResult } from './deliveries';
import { SandboxServer, type SandboxSnapshot } from './server';

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
  private readonly events = new EventEmitter();

  static readonly USERNAME = '4257772300';
  static readonly PASSWORD = 'sandbox';

  constructor(private readonly state?: SandboxStateStore) {}

  get baseUrl(): string | undefined {
    return this.server ? this.server.baseUrl : undefined;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  /** Starts the sandbox once; later calls return the running one's base URL. */
  async start(): Promise<string> {
    if (this.server) return this.server.baseUrl;
    this.starting ??= (async () => {
      const saved = this.state?.load();
      const server: SandboxServer = new SandboxServer({
        port: 0,
        host: '127.0.0.1',
        accounts: [{ username: SandboxHost.USERNAME, password: SandboxHost.PASSWORD }],
        seed: true,
        ...(saved ? { state: saved } : {}),
        onStateChange: () => { this.state?.save(server.snapshot()); },
      });
      try {
        const url = await server.start();
        this.server = server;
        this.state?.save(server.snapshot());
        this.events.emit('change');
        return url;
      } finally {
        this.starting = undefined;
      }
    })();
    return this.starting;
  }

  /** Fires an event `count` times on the demo line: every matching hook gets a delivery (with retries). */
  async fire(type: string, event: string, count: number): Promise<DeliveryResult[]> {
    const server = this.server;
    if (!server) throw new Error('The sandbox is not running.');
    const results: DeliveryResult[] = [];
    for (let i = 0; i < count; i++) results.push(...(await server.fireEvent(SandboxHost.USERNAME, type, event)));
    return results;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await server.stop();
      this.events.emit('change');
    }
  }
}
