#!/usr/bin/env node
// Measures what the receiver's capture history costs the editor (src/receiver/receiverHost.ts and
// captureHistory.ts), for 10 and for 500 captures of 1 MiB held:
//   - the cost of saving one capture (the history's append calls, wall time per capture),
//   - the longest event-loop block while captures arrive and are saved, while a new window restores and
//     compacts the history, and while the history is exported (goal: at most 20 ms each),
//   - the memory held at the byte limit (default 64 MiB) and with 500 x 1 MiB held.
//
//   npm run bench:history        (= node esbuild.js --bench && node test/scripts/bench-history.mjs)
//
// The requests come from this process, one at a time, over loopback; every file is written under a
// temporary folder that is removed at the end. Bounded: stops itself after --max-seconds (default 300).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { ReceiverHost, captureHistory } = require(path.join(root, 'dist/bench-receiver-lib.js'));
const { request } = require('undici');

const { values } = parseArgs({ options: { 'max-seconds': { type: 'string', default: '300' } } });
const maxSeconds = Number(values['max-seconds']);
const GOAL_MS = 20;
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const watchdog = setTimeout(() => {
  console.error(`The benchmark did not finish within ${maxSeconds} s.`);
  process.exit(2);
}, maxSeconds * 1000);
watchdog.unref();

/** The longest event-loop block while `work` runs, in ms (1 ms resolution). */
async function longestBlock(work) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  try {
    const result = await work();
    return { result, blockMs: histogram.max / 1e6, ms: performance.now() - started };
  } finally {
    histogram.disable();
  }
}

/** A history store that times its appends and rewrites. */
function timedHistory(folder) {
  const inner = captureHistory(folder);
  const times = { appendMs: 0, appended: 0, appends: 0, rewriteMs: 0, rewritten: 0, rewrites: 0 };
  return {
    times,
    store: {
      load: (limits) => inner.load(limits),
      discard: (files) => inner.discard(files),
      needsCompaction: (kept, bytes) => inner.needsCompaction(kept, bytes),
      async append(captures) {
        const started = performance.now();
        try {
          return await inner.append(captures);
        } finally {
          times.appendMs += performance.now() - started;
          times.appended += captures.length;
          times.appends++;
        }
      },
      async rewrite(captures, clearedAt) {
        const started = performance.now();
        try {
          return await inner.rewrite(captures, clearedAt);
        } finally {
          times.rewriteMs += performance.now() - started;
          times.rewritten += captures.length;
          times.rewrites++;
        }
      },
    },
  };
}

/** 1 MiB of JSON-ish text, different for each capture. */
function body(i, binary) {
  if (binary) {
    const bytes = Buffer.alloc(MiB);
    for (let at = 0; at < MiB; at += 4) bytes.writeUInt32LE((Math.imul(at + 1, 2654435761) ^ i) >>> 0, at);
    return bytes;
  }
  const text = Buffer.alloc(MiB, 'abcdefghijklmnopqrstuvwxyz "quoted" and more text ');
  text.write(`{"capture":${i},"text":"`, 0);
  return text;
}

async function post(url, i, binary = false) {
  const res = await request(url, { method: 'POST', path: `/zipwhip/message/receive?n=${i}`, body: body(i, binary), headers: { 'content-type': binary ? 'application/octet-stream' : 'text/plain' } });
  await res.body.dump();
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
}

function heldMemory() {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
}

const fmt = (ms) => `${ms.toFixed(1).padStart(6)} ms`;
const verdict = (ms) => (ms <= GOAL_MS ? `(goal <= ${GOAL_MS} ms)` : `(goal <= ${GOAL_MS} ms: ABOVE)`);

async function historyCase(count) {
  const folder = mkdtempSync(path.join(tmpdir(), 'zw-bench-history-'));
  const problems = [];
  try {
    const limits = { count, bytes: count * 1.1 * MiB + MiB };
    const timed = timedHistory(folder);
    const host = new ReceiverHost({ limits, allowedHosts: [], history: timed.store, onHistoryProblem: (p) => problems.push(p.detail) });
    const url = await host.start({ host: '127.0.0.1', port: 0 });
    const fill = await longestBlock(async () => {
      for (let i = 0; i < count; i++) await post(url, i);
      await host.flush();
    });
    const appendPerCapture = timed.times.appendMs / Math.max(1, timed.times.appended);
    await host.stop();

    // Another window, with its own file, takes the history over.
    const nextTimed = timedHistory(folder);
    const next = new ReceiverHost({ limits, allowedHosts: [], history: nextTimed.store, onHistoryProblem: (p) => problems.push(p.detail) });
    const restore = await longestBlock(() => next.restore());
    const restored = next.size;
    const exported = await longestBlock(() => next.exportJson());
    const lowered = await longestBlock(async () => {
      await next.setLimits({ count: Math.max(1, Math.floor(count / 4)), bytes: limits.bytes });
      await next.flush();
    });
    const rewrite = { ms: nextTimed.times.rewriteMs, n: nextTimed.times.rewritten };
    await next.dispose();
    await host.dispose();

    console.log(`${count} captures of 1 MiB held:`);
    console.log(`  save, per capture (append, wall)       ${fmt(appendPerCapture)}   (${timed.times.appends} appends of ${timed.times.appended} captures)`);
    console.log(`  longest block, capturing + saving      ${fmt(fill.blockMs)}   ${verdict(fill.blockMs)}   (${(fill.ms / 1000).toFixed(1)} s for ${count} requests)`);
    console.log(`  longest block, restore in a new window ${fmt(restore.blockMs)}   ${verdict(restore.blockMs)}   (${(restore.ms / 1000).toFixed(2)} s: read, merge and rewrite ${restored} captures)`);
    console.log(`  longest block, export                  ${fmt(exported.blockMs)}   ${verdict(exported.blockMs)}   (${(exported.result.length / MiB).toFixed(0)} MiB in ${(exported.ms / 1000).toFixed(2)} s)`);
    console.log(`  longest block, lower limit + compact   ${fmt(lowered.blockMs)}   ${verdict(lowered.blockMs)}   (rewrote ${rewrite.n} captures in ${rewrite.ms.toFixed(0)} ms of wall time, restore's rewrite included)`);
    if (problems.length > 0) console.log(`  history problems: ${problems.join(' | ')}`);
    return Math.max(fill.blockMs, lowered.blockMs, restore.blockMs, exported.blockMs);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function memoryCase(label, limits, requests, binary) {
  const host = new ReceiverHost({ limits, allowedHosts: [] });
  const url = await host.start({ host: '127.0.0.1', port: 0 });
  for (let i = 0; i < requests; i++) await post(url, i, binary);
  await host.stop();
  // Held = memory with the captures minus memory once they are cleared (everything else alike).
  const full = heldMemory();
  const kept = host.size;
  const estimate = host.heldBytes;
  host.clear();
  const empty = heldMemory();
  const held = full.heap + full.external - empty.heap - empty.external;
  console.log(
    `  ${label.padEnd(38)} kept ${String(kept).padStart(3)}, estimate ${(estimate / MiB).toFixed(1).padStart(6)} MiB, ` +
      `measured heap+external ${(held / MiB).toFixed(1).padStart(6)} MiB (${(held / Math.max(1, kept) / MiB).toFixed(2)} MiB per capture)`,
  );
  await host.dispose();
}

async function main() {
  console.log(`Capture history benchmark, Node ${process.version}; event-loop blocks measured with monitorEventLoopDelay (1 ms resolution).`);
  console.log('Memory held (after a GC), no history:');
  await memoryCase('text, at the default 64 MiB limit', { count: 500, bytes: 64 * MiB }, 100, false);
  await memoryCase('binary (base64), at the 64 MiB limit', { count: 500, bytes: 64 * MiB }, 100, true);
  await memoryCase('text, 500 held (limit 600 MiB)', { count: 500, bytes: 600 * MiB }, 500, false);
  let worst = 0;
  for (const count of [10, 500]) worst = Math.max(worst, await historyCase(count));
  console.log(`Longest event-loop block overall: ${worst.toFixed(1)} ms ${verdict(worst)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
