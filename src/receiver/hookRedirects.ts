import { EventEmitter } from 'node:events';
import { lazySchema } from '../model/schema';
import { STORAGE } from '../constants';

/** A hook pointed at the local receiver, with what it was before so it can be restored. */
export interface HookRedirect {
  readonly lineId: string;
  readonly webhookId: string;
  readonly originalUrl: string;
  readonly originalMethod: string;
  readonly receiverUrl: string;
}

/** The extension's global state, or anything with the same two calls. */
export interface KeyValueStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

const redirectSchema = lazySchema((z) =>
  z.object({
    lineId: z.string(),
    webhookId: z.string(),
    originalUrl: z.string(),
    originalMethod: z.string(),
    receiverUrl: z.string(),
  }),
);

/** Which hooks point at the receiver, kept in global state so "Restore original URL" works after a reload. */
export class HookRedirects {
  private readonly events = new EventEmitter();

  constructor(private readonly state: KeyValueStore) {}

  all(): HookRedirect[] {
    const saved = this.state.get(STORAGE.hookRedirects);
    if (!Array.isArray(saved)) return [];
    return saved.flatMap((entry: unknown) => {
      const parsed = redirectSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  get(lineId: string, webhookId: string): HookRedirect | undefined {
    return this.all().find((r) => r.lineId === lineId && r.webhookId === webhookId);
  }

  async set(redirect: HookRedirect): Promise<void> {
    await this.write([...this.all().filter((r) => !(r.lineId === redirect.lineId && r.webhookId === redirect.webhookId)), redirect]);
  }

  async remove(lineId: string, webhookId: string): Promise<void> {
    await this.write(this.all().filter((r) => !(r.lineId === lineId && r.webhookId === webhookId)));
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  private async write(redirects: HookRedirect[]): Promise<void> {
    await this.state.update(STORAGE.hookRedirects, redirects);
    this.events.emit('change');
  }
}
