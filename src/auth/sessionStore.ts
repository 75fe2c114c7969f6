import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { STORAGE } from '../constants';
import { deviceIdOf, lineRecordsSchema, lineId, type LineRecord } from './lineRecord';

const keyName = (id: string): string => `${STORAGE.sessionPrefix}${id}`;

/** The id of the line a key belongs to on `server`. */
export function lineIdOf(server: string, sessionKey: string): string {
  return lineId(
    server,
    deviceIdOf(sessionKey, (text) => createHash('sha256').update(text).digest('hex')),
  );
}

/**
 * Signed-in lines and their session keys, all in SecretStorage: one secret per line (keyed by the
 * server that issued it and the line), and an index secret listing the lines (no keys in it). Keeping
 * the index in SecretStorage too means every window hears about sign-in and sign-out through
 * SecretStorage's change event.
 */
export class SessionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private cache: LineRecord[] | undefined;
  /**
   * Keys read in this window, by line id: SecretStorage answers through the editor's main process (tens of ms a
   * read in code-server), and a line's key is read for every call. Cleared with the index on every write here
   * and every change from another window (invalidate()).
   */
  private readonly keys = new Map<string, string | undefined>();
  /** Bumped on every write and every outside change, so a slow read cannot cache what it read before. */
  private generation = 0;
  /** Serialises index writes so concurrent sign-ins do not lose each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === STORAGE.lineIndex || e.key.startsWith(STORAGE.sessionPrefix)) {
        this.invalidate();
        this.changed.fire();
      }
    });
  }

  async lines(): Promise<LineRecord[]> {
    if (this.cache) return this.cache;
    // A read that started before a write (or a change from another window) must not cache stale lines.
    const generation = this.generation;
    const raw = await this.secrets.get(STORAGE.lineIndex);
    let parsed: unknown = [];
    try {
      parsed = raw ? JSON.parse(raw) : [];
    } catch {
      parsed = [];
    }
    const lines = lineRecordsSchema.parse(parsed);
    if (generation === this.generation) this.cache = lines;
    return lines;
  }

  async key(line: Pick<LineRecord, 'id'>): Promise<string | undefined> {
    if (this.keys.has(line.id)) return this.keys.get(line.id);
    const generation = this.generation;
    const key = await this.secrets.get(keyName(line.id));
    if (generation === this.generation) this.keys.set(line.id, key);
    return key;
  }

  /** Stores a key for the line it belongs to on `server`; returns that line. */
  async save(server: string, sessionKey: string, username?: string): Promise<LineRecord> {
    return this.serialised(async () => {
      const id = lineIdOf(server, sessionKey);
      const deviceId = id.slice(server.length + 1);
      const index = await this.readIndex();
      // A key pasted for a line already signed in keeps the line's name (the key does not carry it).
      const known = index.find((line) => line.id === id)?.label;
      const record: LineRecord = { id, server, deviceId, label: username?.trim() || known || `Line ${deviceId}` };
      await this.secrets.store(keyName(id), sessionKey);
      const others = index.filter((line) => line.id !== id);
      await this.writeIndex([...others, record]);
      return record;
    });
  }

  async remove(line: LineRecord): Promise<void> {
    await this.serialised(async () => {
      await this.secrets.delete(keyName(line.id));
      await this.writeIndex((await this.readIndex()).filter((l) => l.id !== line.id));
    });
  }

  private async readIndex(): Promise<LineRecord[]> {
    this.invalidate();
    return this.lines();
  }

  private async writeIndex(lines: LineRecord[]): Promise<void> {
    this.invalidate();
    await this.secrets.store(STORAGE.lineIndex, JSON.stringify(lines));
    this.invalidate();
    this.cache = lines;
    this.changed.fire();
  }

  private invalidate(): void {
    this.generation += 1;
    this.cache = undefined;
    this.keys.clear();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
