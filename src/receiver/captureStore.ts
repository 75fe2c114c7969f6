/**
 * The requests the local capture server received: bounded in memory (the oldest drop out), listed newest
 * first, observable, and convertible to plain JSON so the editor can keep them across reloads. Adding is
 * O(1) amortised and allocation-light because it sits on the capture server's hot path.
 */
import { EventEmitter } from 'node:events';
import * as z from 'zod/mini';
import type { ForwardResult } from './forwarder';

export interface Capture {
  readonly id: string;
  /** ISO 8601. */
  readonly receivedAt: string;
  readonly method: string;
  /** The request target as received: path and query. */
  readonly path: string;
  /** Raw header pairs in arrival order, names as the client wrote them, duplicates kept. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body: UTF-8 text when `isText`, else base64 of the bytes. At most the capture limit. */
  readonly body: string;
  readonly isText: boolean;
  /** Bytes received in all, the ones past the limit included. */
  readonly size: number;
  /** True when `body` holds only the first bytes. */
  readonly truncated: boolean;
  readonly remoteAddress?: string;
  /** `type:event` (e.g. `message:receive`) when the path or the body tells; see recognizeEvent. */
  readonly event?: string;
  /** Where the event was read: the path, or the payload fields (JSON body, or the query of a GET). */
  readonly eventFrom?: 'path' | 'payload';
  /** While the receiver forwards: `pending` until every target answered or failed; `paused` when forwarding was paused. */
  readonly forwarding?: 'pending' | 'paused';
  /** What each handler answered, in the routing table's order (the first one's answer went back to the sender). */
  readonly forwards?: readonly ForwardResult[];
}

export interface Disposable {
  dispose(): void;
}

/** What toJSON writes and fromJSON reads. */
export interface CaptureStoreJson {
  readonly version: 1;
  /** Newest first. */
  readonly captures: readonly Capture[];
}

export const DEFAULT_CAPTURE_LIMIT = 500;

// zod/mini (as in src/api/schemas.ts): the same checks as zod at a fraction of the bundle size.
const captureSchema = z.object({
  id: z.string().check(z.minLength(1)),
  receivedAt: z.iso.datetime({ offset: true }),
  method: z.string().check(z.minLength(1)),
  path: z.string(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: z.string(),
  isText: z.boolean(),
  size: z.int().check(z.nonnegative()),
  truncated: z.boolean(),
  remoteAddress: z.optional(z.string()),
  event: z.optional(z.string()),
  eventFrom: z.optional(z.enum(['path', 'payload'])),
});

/** The bytes of a captured body (decoding base64 when the body was binary). */
export function captureBodyBytes(capture: Pick<Capture, 'body' | 'isText'>): Buffer {
  return Buffer.from(capture.body, capture.isText ? 'utf8' : 'base64');
}

export class CaptureStore {
  readonly limit: number;
  /** Oldest first; may hold up to twice the limit until the next trim (amortised O(1) adds). */
  private items: Capture[] = [];
  private added = 0;
  private readonly emitter = new EventEmitter();
  private changePending = false;

  constructor(limit = DEFAULT_CAPTURE_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('The capture limit must be a positive integer.');
    this.limit = limit;
  }

  /** Keeps a capture; the oldest one drops out past the limit. */
  add(capture: Capture): void {
    this.items.push(capture);
    this.added++;
    if (this.items.length >= this.limit * 2) this.items = this.items.slice(-this.limit);
    this.changed();
  }

  /** How many captures are kept. */
  get size(): number {
    return Math.min(this.items.length, this.limit);
  }

  /** Every capture ever added since this store was made (clear() does not reset it): the benchmark's count. */
  get totalCaptured(): number {
    return this.added;
  }

  /** Newest first. */
  list(): Capture[] {
    return this.items.slice(-this.limit).reverse();
  }

  get(id: string): Capture | undefined {
    const start = Math.max(0, this.items.length - this.limit);
    for (let i = this.items.length - 1; i >= start; i--) {
      if (this.items[i]?.id === id) return this.items[i];
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.changed();
  }

  /**
   * Calls the listener after captures were added or cleared; at most once per event-loop turn, so a burst
   * of requests costs one refresh, not one per request.
   */
  onDidChange(listener: () => void): Disposable {
    this.emitter.on('change', listener);
    return { dispose: () => this.emitter.off('change', listener) };
  }

  toJSON(): CaptureStoreJson {
    return { version: 1, captures: this.list() };
  }

  /** The captures as pretty JSON text, newest first, for an export file. */
  exportJson(): string {
    return `${JSON.stringify(this.toJSON(), null, 2)}\n`;
  }

  /**
   * A store holding what toJSON wrote (or a bare array of captures, newest first). Entries that do not
   * validate are skipped rather than failing the whole restore; anything unreadable gives an empty store.
   */
  static fromJSON(data: unknown, limit = DEFAULT_CAPTURE_LIMIT): CaptureStore {
    const store = new CaptureStore(limit);
    const list: unknown = Array.isArray(data) ? data : (data as { captures?: unknown } | null | undefined)?.captures;
    if (!Array.isArray(list)) return store;
    const valid: Capture[] = [];
    for (const entry of list as unknown[]) {
      const parsed = captureSchema.safeParse(entry);
      if (parsed.success) valid.push(parsed.data);
    }
    store.items = valid.slice(0, limit).reverse();
    return store;
  }

  private changed(): void {
    if (this.changePending || this.emitter.listenerCount('change') === 0) return;
    this.changePending = true;
    setImmediate(() => {
      this.changePending = false;
      this.emitter.emit('change');
    });
  }
}
