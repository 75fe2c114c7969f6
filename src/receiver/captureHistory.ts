/**
 * The capture history on disk: a folder of append-only JSON-lines files, one per writer (each window of the
 * editor runs its own receiver host), so two windows never overwrite each other's captures. A writer appends
 * one line per capture to `captures-<pid>-<random>.jsonl` and now and then rewrites that file with only the
 * captures it keeps (through a uniquely named temporary file and a rename). Loading reads every writer's file,
 * merges them, and hands back the files of writers that are gone, to delete once their captures are saved in
 * this writer's file. Nothing here holds a whole history as one string: each line is parsed or stringified
 * alone, with a yield to the event loop between file writes.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '../errors/describeError';
import { parseCapture } from './captureSchema';
import { CaptureStore, type Capture, type CaptureLimits } from './captureStore';

/** Something went wrong with the saved history: `message` for a notification, `detail` for the log. */
export interface HistoryProblem {
  readonly message: string;
  readonly detail: string;
}

export interface LoadedHistory {
  /** Oldest first, within the limits, each id once, none received before the last clear. */
  readonly captures: Capture[];
  /** When the history was last cleared (ISO 8601), by any writer. */
  readonly clearedAt?: string;
  /** Files of writers that are gone, now merged into `captures`: delete them once those are saved again. */
  readonly adopted: string[];
  readonly problems: HistoryProblem[];
}

export interface WriteResult {
  /** Captures left out because they could not be written as JSON (none in practice: a line is ~6 MiB at most). */
  readonly skipped: number;
}

/** Where the capture history is kept between sessions. */
export interface CaptureHistoryStore {
  load(limits: CaptureLimits): Promise<LoadedHistory>;
  /** Appends the captures (oldest first) to this writer's file. */
  append(captures: readonly Capture[]): Promise<WriteResult>;
  /** Replaces this writer's file with exactly these captures (oldest first), after a clear marker if given. */
  rewrite(captures: readonly Capture[], clearedAt?: string): Promise<WriteResult>;
  /** Deletes files that `load` adopted. */
  discard(files: readonly string[]): Promise<void>;
  /** True when this writer's file holds much more than the `kept` captures and `byteLimit` need. */
  needsCompaction(kept: number, byteLimit: number): boolean;
}

export interface CaptureHistoryOptions {
  /** Old whole-file histories (`{version:1,captures:[…]}`) to migrate once; default `deliveries.json` in the folder. */
  readonly legacyFiles?: readonly string[];
  /** The process id written in this writer's file name; tests pretend to be another window with it. */
  readonly pid?: number;
}

const WRITER_FILE = /^captures-(\d+)-[0-9a-f]+\.jsonl$/;
const TEMPORARY_FILE = /^captures-\d+-[0-9a-f]+\.jsonl\.(\d+)\.[0-9a-f]+\.tmp$/;
/** Lines are gathered up to this many characters per file write. */
const WRITE_CHUNK_CHARS = 1024 * 1024;

/** False only when no process has that id (ESRCH); a process of another user (EPERM) is alive. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ESRCH';
  }
}

function randomHex(): string {
  return randomBytes(4).toString('hex');
}

function asideName(path: string): string {
  return `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/** The lines of a file as bytes, and whether the file ended with a newline after the last one. */
async function* linesOf(path: string): AsyncGenerator<{ line: Buffer; complete: boolean }> {
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      yield { line: pending.length > 0 ? Buffer.concat([...pending, piece]) : piece, complete: true };
      pending = [];
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield { line: Buffer.concat(pending), complete: false };
}

function clearMarker(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || 'id' in value) return undefined;
  const clearedAt = (value as { clearedAt?: unknown }).clearedAt;
  return typeof clearedAt === 'string' && !Number.isNaN(Date.parse(clearedAt)) ? clearedAt : undefined;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

interface FileContents {
  /** The newest valid captures of the file, within the limits. */
  readonly captures: Capture[];
  readonly clearedAt?: string;
  /** Lines that were not JSON. */
  readonly badLines: number;
  /** The last line has no newline: the writer stopped in the middle of it. */
  readonly cutShort: boolean;
}

/** Reads one history file. The unfinished last line of a writer still at work is skipped, not counted. */
async function readLines(path: string, limits: CaptureLimits, writerAlive: boolean): Promise<FileContents> {
  const kept = new CaptureStore(limits);
  let clearedAt: string | undefined;
  let badLines = 0;
  let cutShort = false;
  for await (const { line, complete } of linesOf(path)) {
    if (!complete) {
      if (writerAlive) break;
      cutShort = true;
    }
    const text = line.toString('utf8').trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (complete) badLines++;
      continue;
    }
    const marker = clearMarker(value);
    if (marker !== undefined) {
      clearedAt = later(clearedAt, marker);
      continue;
    }
    // Valid JSON that is not a valid capture (an edited line, a header no client could send) is dropped alone.
    const capture = parseCapture(value);
    if (capture) kept.add(capture);
  }
  return { captures: kept.oldestFirst(), clearedAt, badLines, cutShort };
}

async function readLegacy(path: string, limits: CaptureLimits): Promise<Capture[]> {
  const data: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { captures?: unknown }).captures)) {
    throw new SyntaxError('not a capture history');
  }
  return CaptureStore.fromJSON(data, limits).oldestFirst();
}

/** Newest within the limits, each id once (first seen wins), in time order, none from before `clearedAt`. */
function merge(lists: readonly Capture[][], limits: CaptureLimits, clearedAt: string | undefined): Capture[] {
  const cut = clearedAt === undefined ? -Infinity : Date.parse(clearedAt);
  const seen = new Set<string>();
  const all: { capture: Capture; at: number }[] = [];
  for (const list of lists) {
    for (const capture of list) {
      const at = Date.parse(capture.receivedAt);
      if (seen.has(capture.id) || !(at > cut)) continue;
      seen.add(capture.id);
      all.push({ capture, at });
    }
  }
  all.sort((a, b) => a.at - b.at);
  const merged = new CaptureStore(limits);
  merged.restore(all.map((entry) => entry.capture));
  return merged.oldestFirst();
}

/** Writes lines to a file handle, a chunk at a time; each write is a turn of the event loop for the rest. */
async function writeCaptures(
  handle: FileHandle,
  captures: readonly Capture[],
  first?: string,
): Promise<{ skipped: number; bytes: number; lines: number }> {
  let skipped = 0;
  let bytes = 0;
  let lines = 0;
  let chunk: string[] = [];
  let chunkChars = 0;
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const { bytesWritten } = await handle.write(chunk.join(''));
    bytes += bytesWritten;
    chunk = [];
    chunkChars = 0;
  };
  if (first !== undefined) {
    chunk.push(first);
    chunkChars += first.length;
    lines++;
  }
  for (const capture of captures) {
    let line: string;
    try {
      line = `${JSON.stringify(capture)}\n`;
    } catch {
      skipped++;
      continue;
    }
    chunk.push(line);
    chunkChars += line.length;
    lines++;
    if (chunkChars >= WRITE_CHUNK_CHARS) await flush();
  }
  await flush();
  return { skipped, bytes, lines };
}

class CaptureHistoryFolder implements CaptureHistoryStore {
  private readonly folder: string;
  private readonly pid: number;
  private readonly name: string;
  private readonly path: string;
  private readonly legacyFiles: readonly string[];
  /** Lines and bytes in this writer's file, and its bytes after the last rewrite. */
  private lines = 0;
  private bytes = 0;
  private bytesAfterRewrite = 0;

  constructor(folder: string, options: CaptureHistoryOptions) {
    this.folder = folder;
    this.pid = options.pid ?? process.pid;
    this.name = `captures-${this.pid}-${randomHex()}.jsonl`;
    this.path = join(folder, this.name);
    this.legacyFiles = options.legacyFiles ?? [join(folder, 'deliveries.json')];
  }

  async load(limits: CaptureLimits): Promise<LoadedHistory> {
    const lists: Capture[][] = [];
    const adopted: string[] = [];
    const damaged: string[] = [];
    const unreadable: string[] = [];
    let clearedAt: string | undefined;

    let names: string[] = [];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') unreadable.push(`${this.folder}: ${messageOf(error)}`);
    }
    for (const name of names.sort()) {
      const path = join(this.folder, name);
      const temporary = TEMPORARY_FILE.exec(name);
      if (temporary) {
        if (!isAlive(Number(temporary[1]))) adopted.push(path);
        continue;
      }
      const writer = WRITER_FILE.exec(name);
      if (!writer || name === this.name) continue;
      const alive = isAlive(Number(writer[1]));
      let contents: FileContents;
      try {
        contents = await readLines(path, limits, alive);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') unreadable.push(`${path}: ${messageOf(error)}`);
        continue;
      }
      lists.push(contents.captures);
      clearedAt = later(clearedAt, contents.clearedAt);
      if (alive) continue;
      if (contents.badLines > 0 || contents.cutShort) {
        const why = [
          contents.badLines > 0 ? `${contents.badLines} unreadable line(s)` : '',
          contents.cutShort ? 'the last line cut short' : '',
        ]
          .filter(Boolean)
          .join(', ');
        damaged.push(await this.moveAside(path, why));
      } else {
        adopted.push(path);
      }
    }
    for (const path of this.legacyFiles) {
      try {
        lists.push(await readLegacy(path, limits));
        adopted.push(path);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'ENOENT') continue;
        if (error instanceof SyntaxError) damaged.push(await this.moveAside(path, 'not valid JSON'));
        else unreadable.push(`${path}: ${messageOf(error)}`);
      }
    }

    const captures = merge(lists, limits, clearedAt);
    const problems: HistoryProblem[] = [];
    if (damaged.length > 0) {
      problems.push({
        message:
          'Part of the saved delivery history was damaged. The readable deliveries were restored, and the damaged file was kept aside.',
        detail: `Capture history damaged: ${damaged.join('; ')}. Restored ${captures.length} capture(s).`,
      });
    }
    if (unreadable.length > 0) {
      problems.push({
        message: 'Part of the saved delivery history could not be read.',
        detail: `Capture history not read: ${unreadable.join('; ')}`,
      });
    }
    return { captures, ...(clearedAt === undefined ? {} : { clearedAt }), adopted, problems };
  }

  async append(captures: readonly Capture[]): Promise<WriteResult> {
    if (captures.length === 0) return { skipped: 0 };
    await mkdir(this.folder, { recursive: true });
    const handle = await open(this.path, 'a');
    try {
      const written = await writeCaptures(handle, captures);
      this.lines += written.lines;
      this.bytes += written.bytes;
      return { skipped: written.skipped };
    } finally {
      await handle.close();
    }
  }

  async rewrite(captures: readonly Capture[], clearedAt?: string): Promise<WriteResult> {
    await mkdir(this.folder, { recursive: true });
    const temporary = `${this.path}.${process.pid}.${randomHex()}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      let written: { skipped: number; bytes: number; lines: number };
      try {
        written = await writeCaptures(handle, captures, clearedAt === undefined ? undefined : `${JSON.stringify({ clearedAt })}\n`);
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
      this.lines = written.lines;
      this.bytes = written.bytes;
      this.bytesAfterRewrite = written.bytes;
      return { skipped: written.skipped };
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  async discard(files: readonly string[]): Promise<void> {
    for (const path of files) await rm(path, { force: true });
  }

  needsCompaction(kept: number, byteLimit: number): boolean {
    return this.lines > 2 * kept + 16 || this.bytes > 2 * Math.max(this.bytesAfterRewrite, byteLimit);
  }

  /** Renames a damaged file `<name>.corrupt-<time>`; returns a line for the log. */
  private async moveAside(path: string, why: string): Promise<string> {
    const aside = asideName(path);
    try {
      await rename(path, aside);
      return `${path} (${why}) moved to ${aside}`;
    } catch (error) {
      return `${path} (${why}) could not be moved aside: ${messageOf(error)}`;
    }
  }
}

/** The capture history in a folder of the extension's global storage. */
export function captureHistory(folder: string, options: CaptureHistoryOptions = {}): CaptureHistoryStore {
  return new CaptureHistoryFolder(folder, options);
}
