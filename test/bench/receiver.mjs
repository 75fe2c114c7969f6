#!/usr/bin/env node
// Figure 4 of `npm run bench` (test/bench/index.mjs): the local receiver, as the extension runs it (a ReceiverHost
// with no history file), against a bare node:http server that answers 200, under the same keep-alive load of
// ~1 KB JSON POSTs made by the payload generator. Also runnable alone:
//
//   npm run bench:receiver                 (= node esbuild.js --bench && node test/bench/receiver.mjs)
//   node test/bench/receiver.mjs --clients 32 --requests 20000 --rounds 10
//
// The servers run in this process; the load generator runs in a CHILD process (this script with --load),
// so the client's own work does not starve the server being measured. Order: a warm-up of each server,
// then --rounds (default 10) measured rounds, alternating which server goes first, so neither side profits
// from running later (JIT, CPU clock) or from a quiet moment on a shared machine.
//
// Prints, for each server: requests/s, p50/p99 latency, and the server's CPU time per request (which other
// load on the machine disturbs much less than requests/s); then the ratio receiver/bare (goal >= 0.8) and
// requests sent vs captured (must be equal: no request lost; the history limit is set above the number of
// requests, so every capture is still held at the end and `size` counts them). Bounded: stops itself after
// --max-seconds (default 120). With --json the last line is `BENCH-RESULT {...}` for test/bench/index.mjs.
// Exit code 1 when a request was lost or failed, 2 on a time-out.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const json = process.argv.includes('--json');

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer.`);
    process.exit(64);
  }
  return value;
}

// ---------------------------------------------------------------- load generator (child process)

async function runLoad() {
  const { Pool } = require('undici');
  const { phases, clients, body } = JSON.parse(process.env.BENCH_LOAD ?? '{}');
  const headers = { 'content-type': 'application/json;charset=UTF-8', 'user-agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)' };
  const results = [];
  // Tells the parent a phase starts or ends, and waits for its answer, so the parent can read its own CPU
  // time exactly around each phase.
  const mark = (what, index) =>
    new Promise((resolve) => {
      process.once('message', resolve);
      process.send({ what, index });
    });
  for (const [phaseIndex, phase] of phases.entries()) {
    await mark('start', phaseIndex);
    const pool = new Pool(phase.url, { connections: clients, pipelining: 1, keepAliveTimeout: 30_000 });
    const latencies = new Float64Array(phase.requests);
    let next = 0;
    let ok = 0;
    let failed = 0;
    const worker = async () => {
      for (;;) {
        const index = next++;
        if (index >= phase.requests) return;
        const started = performance.now();
        try {
          const response = await pool.request({ path: '/zipwhip/message/receive', method: 'POST', headers, body });
          await response.body.dump();
          if (response.statusCode === 200) ok++;
          else failed++;
        } catch {
          failed++;
        }
        latencies[index] = performance.now() - started;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, worker));
    const seconds = (performance.now() - started) / 1000;
    await mark('end', phaseIndex);
    await pool.close();
    latencies.sort();
    const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    results.push({
      name: phase.name,
      round: phase.round,
      measured: phase.measured,
      requests: phase.requests,
      ok,
      failed,
      seconds,
      p50: at(0.5),
      p99: at(0.99),
    });
  }
  process.stdout.write(JSON.stringify(results));
  process.disconnect();
}

// ---------------------------------------------------------------- servers and report (parent process)

function startBare() {
  const okBody = Buffer.from('{"ok":true}');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': okBody.length });
      res.end(okBody);
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

function runChild(load, maxMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--load'], {
      env: { ...process.env, BENCH_LOAD: JSON.stringify(load) },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    // The servers' CPU time (this process) per phase: less disturbed by other load on the machine than
    // requests per second, so it is reported next to them.
    const cpu = [];
    let startUsage;
    child.on('message', ({ what, index }) => {
      if (what === 'start') startUsage = process.cpuUsage();
      else {
        const used = process.cpuUsage(startUsage);
        cpu[index] = used.user + used.system;
      }
      child.send('go');
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The benchmark did not finish within ${maxMs / 1000} s.`));
    }, maxMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out).map((result, index) => ({ ...result, cpuMicros: cpu[index] })));
      else reject(new Error(`The load generator exited with ${code}.`));
    });
  });
}

function combine(rounds) {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  // Per-round percentiles weighted equally (rounds are equal in size).
  const mean = (key) => rounds.reduce((n, r) => n + r[key], 0) / rounds.length;
  const cpuMicros = rounds.reduce((n, r) => n + r.cpuMicros, 0);
  return { requests, rps: requests / seconds, p50: mean('p50'), p99: mean('p99'), cpuPerRequest: cpuMicros / requests };
}

async function main() {
  const clients = option('clients', 32);
  const requests = option('requests', 20_000);
  const maxSeconds = option('max-seconds', 120);
  const warmup = Math.min(2_000, Math.ceil(requests / 4));
  const { ReceiverHost, generatePayload } = require(path.join(root, 'out/bench/receiverLib.js'));

  // A realistic ~1 KB body: the generator's message/receive payload with a longer text.
  const text = 'Hi! This is a longer message, like the ones customers send when they describe a problem. '.repeat(5);
  const body = generatePayload({
    type: 'message',
    event: 'receive',
    seed: 7,
    now: new Date('2020-11-13T17:01:17Z'),
    body: text.trim(),
  }).json;

  const rounds = option('rounds', 10);
  const perRound = Math.max(1, Math.floor(requests / rounds));
  // Room for every request of the run (warm-up included), so that nothing drops out and `size` counts them.
  const receiver = new ReceiverHost({ limits: { count: warmup + rounds * perRound, bytes: 1024 * 1024 * 1024 }, allowedHosts: [] });
  let changeEvents = 0;
  receiver.onDidChange(() => changeEvents++); // as the editor's tree listens
  const receiverUrl = (await receiver.start({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
  const bare = await startBare();

  // Many short rounds, alternating which server goes first, so a burst of load from elsewhere on the
  // machine hits both sides alike; the ratio is taken per pair of adjacent rounds, and its median reported.
  const phases = [
    { name: 'bare', url: bare.url, requests: warmup, measured: false },
    { name: 'receiver', url: receiverUrl, requests: warmup, measured: false },
  ];
  for (let round = 0; round < rounds; round++) {
    const pair = [
      { name: 'bare', url: bare.url, requests: perRound, measured: true, round },
      { name: 'receiver', url: receiverUrl, requests: perRound, measured: true, round },
    ];
    phases.push(...(round % 2 === 0 ? pair : pair.reverse()));
  }
  console.log(
    `Load: ${clients} keep-alive clients, ${rounds} x ${perRound} measured requests per server (+${warmup} warm-up), body ${Buffer.byteLength(body)} bytes, Node ${process.version}.`,
  );

  let results;
  try {
    results = await runChild({ phases, clients, body }, maxSeconds * 1000);
  } catch (error) {
    console.error(String(error.message ?? error));
    await receiver.stop();
    bare.server.closeAllConnections();
    bare.server.close();
    process.exit(2);
  }
  await new Promise((resolve) => setImmediate(resolve)); // let the last change event fire

  const measured = (name) => combine(results.filter((r) => r.measured && r.name === name));
  const b = measured('bare');
  const r = measured('receiver');
  const sent = results.filter((x) => x.name === 'receiver').reduce((n, x) => n + x.ok, 0);
  const failed = results.reduce((n, x) => n + x.failed, 0);
  const captured = receiver.size;
  const row = (name, m) =>
    `${name.padEnd(9)} ${m.rps.toFixed(0).padStart(9)} req/s   p50 ${m.p50.toFixed(2).padStart(6)} ms   p99 ${m.p99.toFixed(2).padStart(6)} ms   server CPU ${m.cpuPerRequest.toFixed(1).padStart(5)} µs/request`;
  console.log(row('bare', b));
  console.log(row('receiver', r));
  const ratio = r.rps / b.rps;
  const pairRatios = [];
  for (let round = 0; round < rounds; round++) {
    const of = (name) => results.find((x) => x.measured && x.round === round && x.name === name);
    pairRatios.push(of('bare').seconds / of('receiver').seconds);
  }
  pairRatios.sort((x, y) => x - y);
  const median = pairRatios[Math.floor(pairRatios.length / 2)];
  console.log(
    `ratio receiver/bare: ${ratio.toFixed(2)} overall, ${median.toFixed(2)} median of ${rounds} rounds (range ${pairRatios[0].toFixed(2)}-${pairRatios.at(-1).toFixed(2)}); goal (median) >= 0.80${median >= 0.8 ? '' : '  BELOW GOAL'}`,
  );
  console.log(
    `CPU ratio bare/receiver (requests per CPU second, receiver relative to bare): ${(b.cpuPerRequest / r.cpuPerRequest).toFixed(2)}`,
  );
  console.log(`receiver: sent ${sent} (answered 200), captured ${captured}, change events ${changeEvents}; failed requests: ${failed}`);

  await receiver.dispose();
  bare.server.closeAllConnections();
  await new Promise((resolve) => bare.server.close(resolve));
  if (json) {
    const lost = sent - captured + failed;
    const result = {
      rows: [
        {
          name: 'receiver / bare node:http, req/s',
          value: median,
          unit: 'x',
          digits: 2,
          reference: `bare ${b.rps.toFixed(0)} req/s; receiver ${r.rps.toFixed(0)} req/s (overall ${ratio.toFixed(2)}x)`,
          goal: '>= 0.80x',
          pass: median >= 0.8,
        },
        {
          name: 'requests lost or failed',
          value: lost,
          unit: '',
          digits: 0,
          reference: `${sent} answered 200, ${captured} captured`,
          goal: '0',
          pass: lost === 0,
        },
      ],
    };
    console.log(`BENCH-RESULT ${JSON.stringify(result)}`);
  }
  if (sent !== captured || failed > 0) {
    console.error('A request was lost or failed.');
    process.exit(1);
  }
}

if (process.argv.includes('--load')) {
  runLoad().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
