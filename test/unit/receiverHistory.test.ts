import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { captureHistory, type CaptureHistoryOptions, type HistoryProblem } from '../../src/receiver/captureHistory';
import type { Capture } from '../../src/receiver/captureStore';
import { ReceiverHost, type HistoryLimits } from '../../src/receiver/receiverHost';

const MiB = 1024 * 1024;
const LIMITS: HistoryLimits = { count: 100, bytes: 64 * MiB };

/** The id of a process that has exited: a window that is gone. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid);
  return child.pid;
}

function capture(id: string, receivedAt = '2026-01-01T00:00:00.000Z'): Capture {
  return {
    id,
    receivedAt,
    method: 'POST',
    path: `/p/${id}`,
    headers: [['Content-Type', 'application/json']],
    body: '{}',
    isText: true,
    size: 2,
    truncated: false,
  };
}

function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

function writerFiles(folder: string, pid?: number): string[] {
  return filesIn(folder).filter(
    (name) => /^captures-\d+-[0-9a-f]+\.jsonl$/.test(name) && (pid === undefined || name.startsWith(`captures-${pid}-`)),
  );
}

function linesOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

async function countNewlines(path: string): Promise<number> {
  let count = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  }
  return count;
}

async function post(url: string, path: string, body: string | Buffer): Promise<void> {
  const res = await request(new URL(path, url), { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  await res.body.text();
  assert.equal(res.statusCode, 200);
}

describe('capture history on disk', function () {
  this.timeout(20_000);
  let folder: string;
  const hosts: ReceiverHost[] = [];
  let problems: HistoryProblem[];

  function host(options: CaptureHistoryOptions & { limits?: HistoryLimits; folder?: string } = {}): ReceiverHost {
    const made = new ReceiverHost({
      limits: options.limits ?? LIMITS,
      allowedHosts: [],
      history: captureHistory(options.folder ?? folder, options),
      onHistoryProblem: (problem) => problems.push(problem),
    });
    hosts.push(made);
    return made;
  }

  beforeEach(() => {
    folder = join(mkdtempSync(join(tmpdir(), 'zw-history-')), 'captures');
    problems = [];
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.dispose()));
    rmSync(join(folder, '..'), { recursive: true, force: true });
  });

  it('appends one JSON line per capture, never rewriting what is on disk, and restores them in order', async () => {
    const writer = host();
    const url = await writer.start({ host: '127.0.0.1', port: 0 });
    await post(url, '/a', 'one');
    await post(url, '/b', 'two');
    await writer.flush();
    const [file] = writerFiles(folder);
    assert.ok(file);
    const path = join(folder, file);
    const before = readFileSync(path);
    assert.deepEqual(
      linesOf(path).map((line) => (JSON.parse(line) as Capture).path),
      ['/a', '/b'],
    );
    await post(url, '/c', 'three');
    await writer.flush();
    const after = readFileSync(path);
    assert.deepEqual(after.subarray(0, before.length), before, 'appended, not rewritten');
    assert.equal(linesOf(path).length, 3);

    const reader = host();
    await reader.restore();
    assert.deepEqual(
      reader.list().map((c) => c.path),
      ['/c', '/b', '/a'],
    );
    assert.deepEqual(reader.list(), JSON.parse(JSON.stringify(writer.list())), 'the same captures (keys left undefined are not saved)');
    assert.deepEqual(problems, []);
  });

  it('keeps the captures of two windows on one folder; adopts and removes only the files of windows that are gone', async () => {
    const otherPid = process.ppid; // alive, and not this process
    const gonePid = deadPid();
    const other = host({ pid: otherPid });
    const otherUrl = await other.start({ host: '127.0.0.1', port: 0 });
    for (const n of [1, 2, 3]) await post(otherUrl, `/other/${n}`, 'x');
    await other.flush();
    const gone = host({ pid: gonePid });
    const goneUrl = await gone.start({ host: '127.0.0.1', port: 0 });
    for (const n of [1, 2]) await post(goneUrl, `/gone/${n}`, 'y');
    await gone.flush();
    await gone.stop();
    assert.equal(writerFiles(folder).length, 2);

    const mine = host();
    await mine.restore();
    assert.deepEqual(
      mine
        .list()
        .map((c) => c.path)
        .sort(),
      ['/gone/1', '/gone/2', '/other/1', '/other/2', '/other/3'],
    );
    assert.equal(new Set(mine.list().map((c) => c.id)).size, 5, 'ids are unique across windows');
    assert.equal(writerFiles(folder, otherPid).length, 1, 'a running window keeps its file');
    assert.equal(writerFiles(folder, gonePid).length, 0, "a gone window's file is removed once adopted");
    const [own] = writerFiles(folder, process.pid);
    assert.ok(own);
    assert.equal(linesOf(join(folder, own)).length, 5, 'the adopted captures are in this window’s file');

    // The other window goes on capturing; a later window sees everything once.
    await post(otherUrl, '/other/4', 'z');
    await other.flush();
    const later = host();
    await later.restore();
    assert.equal(later.size, 6);
    assert.deepEqual(problems, []);
  });

  it('moves a file with a cut-short last line aside, restores its valid lines and says so once', async () => {
    mkdirSync(folder, { recursive: true });
    const name = `captures-${deadPid()}-0badc0de.jsonl`;
    const valid = [
      capture('a', '2026-01-01T00:00:01.000Z'),
      capture('b', '2026-01-01T00:00:02.000Z'),
      capture('c', '2026-01-01T00:00:03.000Z'),
    ];
    const text = `${valid.map((c) => JSON.stringify(c)).join('\n')}\n${JSON.stringify(capture('d')).slice(0, 40)}`;
    writeFileSync(join(folder, name), text);

    const reader = host();
    await reader.restore();
    assert.deepEqual(
      reader.list().map((c) => c.id),
      ['c', 'b', 'a'],
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /damaged/);
    assert.match(problems[0]?.detail ?? '', /cut short/);
    const names = filesIn(folder);
    assert.ok(!names.includes(name), 'the damaged file is not left in place');
    const aside = names.find((n) => n.startsWith(`${name}.corrupt-`));
    assert.ok(aside, `moved aside: ${names.join(', ')}`);
    assert.equal(readFileSync(join(folder, aside), 'utf8'), text, 'kept as it was');

    const again = host();
    await again.restore();
    assert.deepEqual(
      again.list().map((c) => c.id),
      ['c', 'b', 'a'],
      'a fresh file holds them',
    );
    assert.equal(problems.length, 1, 'told once');
  });

  it('reports a save that fails once, throws nothing, and saves everything once the folder is writable', async () => {
    const blocked = join(folder, '..', 'blocker', 'captures');
    writeFileSync(join(folder, '..', 'blocker'), 'a file where the folder should be');
    const writer = host({ folder: blocked });
    await writer.restore();
    assert.equal(problems.length, 1, 'the history could not be read');
    const url = await writer.start({ host: '127.0.0.1', port: 0 });
    await post(url, '/1', 'one');
    await writer.flush();
    await post(url, '/2', 'two');
    await writer.flush();
    assert.equal(problems.length, 2, 'one more problem for the whole streak of failed saves');
    assert.match(problems[1]?.message ?? '', /could not be saved/);
    assert.match(problems[1]?.detail ?? '', /ENOTDIR|EEXIST/);

    rmSync(join(folder, '..', 'blocker'));
    await writer.flush();
    await post(url, '/3', 'three');
    await writer.flush();
    assert.equal(problems.length, 2);
    const reader = host({ folder: blocked });
    await reader.restore();
    assert.deepEqual(
      reader.list().map((c) => c.path),
      ['/3', '/2', '/1'],
      'nothing captured while failing was lost',
    );
  });

  it('saves and exports 100 captures of 1 MiB of control characters (6 bytes of JSON each) without throwing', async function () {
    this.timeout(120_000);
    const writer = host({ limits: { count: 500, bytes: 200 * MiB } });
    const url = await writer.start({ host: '127.0.0.1', port: 0 });
    const body = Buffer.alloc(MiB, 0x01);
    for (let i = 0; i < 100; i++) await post(url, `/c/${i}`, body);
    await writer.flush();
    assert.deepEqual(problems, []);
    const [file] = writerFiles(folder);
    assert.ok(file);
    assert.equal(await countNewlines(join(folder, file)), 100);
    const exported = Buffer.from(await writer.exportJson());
    assert.ok(exported.length > 2 ** 29, `longer than V8's longest string: ${exported.length}`);
    assert.equal(exported.subarray(0, 33).toString('utf8'), '{\n  "version": 1,\n  "captures": [');
    assert.equal(exported.subarray(-12).toString('utf8'), '    }\n  ]\n}\n');
  });

  it('migrates a whole-file deliveries.json once, dropping entries that could not have come off the wire', async () => {
    mkdirSync(folder, { recursive: true });
    const legacy = join(folder, 'deliveries.json');
    const bad = { ...capture('bad', '2026-01-01T00:00:05.000Z'), headers: [['X-A', 'a\r\nInjected: 1']] };
    writeFileSync(
      legacy,
      JSON.stringify({
        version: 1,
        captures: [capture('new', '2026-01-01T00:00:02.000Z'), bad, capture('old', '2026-01-01T00:00:01.000Z')],
      }),
    );
    const reader = host();
    await reader.restore();
    assert.deepEqual(
      reader.list().map((c) => c.id),
      ['new', 'old'],
    );
    assert.ok(!existsSync(legacy), 'migrated once');
    assert.equal(writerFiles(folder).length, 1);
    const again = host();
    await again.restore();
    assert.deepEqual(
      again.list().map((c) => c.id),
      ['new', 'old'],
    );
  });

  it('rewrites its file with only the kept captures once it holds far more, through a temporary file', async () => {
    const writer = host({ limits: { count: 3, bytes: 64 * MiB } });
    const url = await writer.start({ host: '127.0.0.1', port: 0 });
    let longest = 0;
    for (let i = 0; i < 40; i++) {
      await post(url, `/n/${i}`, 'x');
      await writer.flush();
      const [file] = writerFiles(folder);
      longest = Math.max(longest, linesOf(join(folder, file ?? '')).length);
    }
    assert.ok(longest <= 2 * 3 + 16 + 1, `the file grew to ${longest} lines`);
    assert.deepEqual(
      filesIn(folder).filter((n) => n.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
    const reader = host({ limits: { count: 3, bytes: 64 * MiB } });
    await reader.restore();
    assert.deepEqual(
      reader.list().map((c) => c.path),
      ['/n/39', '/n/38', '/n/37'],
    );
  });

  it('a clear in one window empties the history for every window after a reload', async () => {
    const other = host({ pid: process.ppid });
    const url = await other.start({ host: '127.0.0.1', port: 0 });
    await post(url, '/before', 'x');
    await other.flush();
    const mine = host();
    await mine.restore();
    assert.equal(mine.size, 1);
    mine.clear();
    await mine.flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await post(url, '/after', 'y');
    await other.flush();
    const later = host();
    await later.restore();
    assert.deepEqual(
      later.list().map((c) => c.path),
      ['/after'],
    );
  });
});
