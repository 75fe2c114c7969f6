/**
 * The requests the local capture server received: bounded in memory by a number of captures and a number of
 * bytes (the oldest drop out at either limit), listed newest first, observable. Adding is O(1) amortised and
 * allocation-light because it sits on the capture server's hot path: the kept captures are a slice of one
 * array from a head index, and the dropped head is cut off only once it is the larger half.
 */
import { EventEmitter } from 'node:events';
import { parseCapture } from './captureSchema';
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

/** How many captures are kept: at most `count`, and at most about `bytes` of memory. */
export interface CaptureLimits {
  readonly count: number;
  readonly bytes: number;
}

/** What toJSON writes and fromJSON reads (also the shape of an export file). */
export interface CaptureStoreJson {
  readonly version: 1;
  /** Newest first. */
  readonly captures: readonly Capture[];
}

export const DEFAULT_CAPTURE_LIMIT = 500;
export const DEFAULT_CAPTURE_BYTES = 64 * 1024 * 1024;

/** The object, its id, time and fields besides the strings counted one by one. */
const CAPTURE_OVERHEAD_BYTES = 256;
const HEADER_OVERHEAD_BYTES = 32;

/**
 * About the memory a capture holds: its strings' lengths (one byte a character, as V8 keeps Latin-1 text)
 * plus a fixed overhead. The body dominates; headers and path count so a flood of empty requests is bounded too.
 */
export function captureCost(capture: Capture): number {
  let bytes = CAPTURE_OVERHEAD_BYTES + capture.body.length + capture.path.length;
  for (const [name, value] of capture.headers) bytes += name.length + value.length + HEADER_OVERHEAD_BYTES;
  return bytes;
}

/** The bytes of a captured body (decoding base64 when the body was binary). */
export function captureBodyBytes(capture: Pick<Capture, 'body' | 'isText'>): Buffer {
  return Buffer.from(capture.body, capture.isText ? 'utf8' : 'base64');
}

function checkLimits(limits: CaptureLimits): CaptureLimits {
  if (!Number.isInteger(limits.count) || limits.count < 1) throw new RangeError('The capture limit must be a positive integer.');
  if (!(limits.bytes > 0)) throw new RangeError('The capture byte limit must be positive.');
  return { count: limits.count, bytes: limits.bytes };
}

export class CaptureStore {
  private currentLimits: CaptureLimits;
  /** Oldest first from `head`; slots before it are emptied (so their captures can be collected). */
  private items: (Capture | undefined)[] = [];
  /** captureCost of items[i], same indices. */
  private costs: number[] = [];
  private head = 0;
  private heldBytes = 0;
  private added = 0;
  private readonly emitter = new EventEmitter();
  private changePending = false;

  constructor(limits: Partial<CaptureLimits> = {}) {
    this.currentLimits = checkLimits({ count: limits.count ?? DEFAULT_CAPTURE_LIMIT, bytes: limits.bytes ?? DEFAULT_CAPTURE_BYTES });
  }

  get limits(): CaptureLimits {
    return this.currentLimits;
  }

  /** The count limit. */
  get limit(): number {
    return this.currentLimits.count;
  }

  /** Keeps a capture; the oldest ones drop out past either limit (the newest one is always kept). */
  add(capture: Capture): void {
    const cost = captureCost(capture);
    this.items.push(capture);
    this.costs.push(cost);
    this.heldBytes += cost;
    this.added++;
    this.trim();
    this.changed();
  }

  /** How many captures are kept. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** The estimated bytes the kept captures hold (see captureCost). */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Every capture ever added since this store was made (clear() does not reset it): the benchmark's count. */
  get totalCaptured(): number {
    return this.added;
  }

  /** Newest first. */
  list(): Capture[] {
    const result: Capture[] = [];
    for (let i = this.items.length - 1; i >= this.head; i--) result.push(this.items[i] as Capture);
    return result;
  }

  /** Oldest first. */
  oldestFirst(): Capture[] {
    return this.items.slice(this.head) as Capture[];
  }

  /**
   * The captures added after `totalCaptured` was `total` that are still kept, oldest first: what a history
   * writer has not written yet.
   */
  addedSince(total: number): Capture[] {
    const count = Math.min(Math.max(0, this.added - total), this.size);
    return this.items.slice(this.items.length - count) as Capture[];
  }

  get(id: string): Capture | undefined {
    for (let i = this.items.length - 1; i >= this.head; i--) {
      if (this.items[i]?.id === id) return this.items[i];
    }
    return undefined;
  }

  clear(): void {
    this.items = [];
    this.costs = [];
    this.head = 0;
    this.heldBytes = 0;
    this.changed();
  }

  /** New limits; the oldest captures past them drop out now. */
  setLimits(limits: CaptureLimits): void {
    this.currentLimits = checkLimits(limits);
    if (this.trim()) this.changed();
  }

  /**
   * Puts older captures (oldest first, e.g. a saved history) before the kept ones, skipping ids already
   * kept, then applies the limits. They do not count in totalCaptured.
   */
  restore(older: readonly Capture[]): void {
    const kept = this.oldestFirst();
    const ids = new Set(kept.map((c) => c.id));
    this.items = [];
    this.costs = [];
    this.head = 0;
    this.heldBytes = 0;
    for (const capture of [...older.filter((c) => !ids.has(c.id)), ...kept]) {
      const cost = captureCost(capture);
      this.items.push(capture);
      this.costs.push(cost);
      this.heldBytes += cost;
    }
    this.trim();
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

  /**
   * A store holding what toJSON wrote (or a bare array of captures, newest first). Entries that do not
   * validate (see captureSchema) are skipped rather than failing the whole restore; anything unreadable gives
   * an empty store.
   */
  static fromJSON(data: unknown, limits: Partial<CaptureLimits> = {}): CaptureStore {
    const store = new CaptureStore(limits);
    const list: unknown = Array.isArray(data) ? data : (data as { captures?: unknown } | null | undefined)?.captures;
    if (!Array.isArray(list)) return store;
    const valid: Capture[] = [];
    for (const entry of list as unknown[]) {
      const capture = parseCapture(entry);
      if (capture) valid.push(capture);
    }
    store.restore(valid.reverse());
    return store;
  }

  /** Drops the oldest past the limits; true when any dropped. */
  private trim(): boolean {
    const { count, bytes } = this.currentLimits;
    let dropped = 0;
    while (this.items.length - this.head > count || (this.heldBytes > bytes && this.items.length - this.head > 1)) {
      this.heldBytes -= this.costs[this.head] ?? 0;
      this.items[this.head] = undefined;
      this.head++;
      dropped++;
    }
    // Cut the emptied head off once it is the larger half: each cut copies fewer slots than were dropped
    // since the last one, so adds stay O(1) amortised.
    if (this.head > 32 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.costs = this.costs.slice(this.head);
      this.head = 0;
    }
    return dropped > 0;
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
