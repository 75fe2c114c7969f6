/**
 * Figure 6 of `npm run bench` (test/bench/index.mjs): the receiver's forwarding proxy, as the extension starts it
 * (`new ReceiverHost(...)`, `start({ forward: { table: parseForwardTable({ '*': handler }).table, ... } })`),
 * beside sending straight to the same handler, under the same keep-alive load of ~1 KB POSTs in one run.
 *
 *   node esbuild.js --bench && node out/bench/forwarding.js [--clients 32] [--requests 24000] [--rounds 10] [--latency-requests 4000]
 *
 * Three processes, so that none of them starves another of its event loop: this one runs the ReceiverHost (the
 * proxy) and orchestrates; a child (`--handler`) runs the handler, a bare node:http server that reads the body and
 * answers 200 with a small JSON body; another child (`--load`) sends the requests with an undici Pool (N keep-alive
 * connections). A warm-up of each path first, then --rounds measured rounds alternating which path goes first.
 *
 * Throughput rounds (N clients) give requests/s and p50/p99 under load, and the ratio proxy/direct (median of the
 * per-round ratios). Latency rounds (one client, one request at a time, so that no queueing hides or inflates the
 * cost of the extra hop) give the p50 overhead: proxy p50 minus direct p50 (median of the per-round differences).
 * Nothing lost: every request answered 200 with the handler's own body, and every proxied request captured, with
 * the handler's answer (status 200) as its forward result; the count limit is set above the number of requests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { generatePayload } from '../../src/deliveries/payloads';
import { parseForwardTable } from '../../src/receiver/forwardRoutes';
import { ReceiverHost } from '../../src/receiver/receiverHost';
import { emitRows, formatMs, median, type BenchRow } from './support/report';

const PATH = '/zipwhip/message/receive';
/** Not the receiver's own `{"ok":true}`: a proxied answer that carries it was relayed, not made up. */
const HANDLER_BODY = '{"handled":true}';
const RATIO_GOAL = 0.7;
const OVERHEAD_GOAL_MS = 1;
const MAX_SECONDS = 90;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive integer.`);
    process.exit(64);
  }
  return value;
}

const cpuMicros = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

// ---------------------------------------------------------------- handler (child process)

function runHandler(): void {
  const body = Buffer.from(HANDLER_BODY);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  // The parent asks for this process's CPU time around each phase; it disconnects when done.
  process.on('message', () => process.send?.({ cpu: cpuMicros() }));
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close();
  });
}

// ---------------------------------------------------------------- load generator (child process)

interface Phase {
  readonly name: 'direct' | 'proxy';
  readonly kind: 'warm-up' | 'throughput' | 'latency';
  readonly round: number;
  readonly url: string;
  readonly requests: number;
  readonly clients: number;
}

interface PhaseResult {
  readonly ok: number;
  readonly failed: number;
  /** Answered 200 but not with the handler's body. */
  readonly wrongBody: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

async function runPhase(phase: Phase, body: string): Promise<PhaseResult> {
  const headers = { 'content-type': 'application/json;charset=UTF-8', 'user-agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)' };
  const pool = new Pool(phase.url, { connections: phase.clients, pipelining: 1, keepAliveTimeout: 30_000 });
  const latencies = new Float64Array(phase.requests);
  let next = 0;
  let ok = 0;
  let failed = 0;
  let wrongBody = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= phase.requests) return;
      const started = performance.now();
      try {
        const response = await pool.request({ path: PATH, method: 'POST', headers, body });
        const text = await response.body.text();
        if (response.statusCode !== 200) failed++;
        else if (text !== HANDLER_BODY) wrongBody++;
        else ok++;
      } catch {
        failed++;
      }
      latencies[index] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: phase.clients }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort();
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { ok, failed, wrongBody, seconds, p50: at(0.5), p99: at(0.99) };
}

function runLoad(): void {
  process.on('message', (message: { phase: Phase; body: string }) => {
    void runPhase(message.phase, message.body).then((result) => process.send?.(result));
  });
}

// ---------------------------------------------------------------- parent: proxy, orchestration, report

/** A child of this script in `mode`, with an IPC channel; its messages answer, in order, the ones sent to it. */
function child(mode: string): { process: ChildProcess; ask: <T>(message: unknown) => Promise<T>; first: <T>() => Promise<T> } {
  const proc = spawn(process.execPath, [__filename, mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting: { resolve: (m: unknown) => void; reject: (e: Error) => void }[] = [];
  proc.on('message', (m) => waiting.shift()?.resolve(m));
  proc.on('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the ${mode} process ended (${String(signal ?? code)})`));
  });
  const first = <T>(): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push({
        resolve: (m) => {
          resolve(m as T);
        },
        reject,
      });
    });
  const ask = <T>(message: unknown): Promise<T> => {
    const answer = first<T>();
    proc.send(message as object);
    return answer;
  };
  return { process: proc, ask, first };
}

interface Measured extends PhaseResult, Phase {
  /** CPU time of the proxy process (this one) and of the handler process over the phase. */
  readonly proxyCpu: number;
  readonly handlerCpu: number;
}

function summary(rounds: readonly Measured[]): { rps: number; p50: number; p99: number; proxyCpu: number; handlerCpu: number } {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    rps: requests / seconds,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    proxyCpu: rounds.reduce((n, r) => n + r.proxyCpu, 0) / requests,
    handlerCpu: rounds.reduce((n, r) => n + r.handlerCpu, 0) / requests,
  };
}

async function parent(): Promise<void> {
  const clients = option('clients', 32);
  const requests = option('requests', 24_000);
  const rounds = option('rounds', 10);
  const latencyRequests = option('latency-requests', 4_000);
  const perRound = Math.max(1, Math.floor(requests / rounds));
  const latencyPerRound = Math.max(1, Math.floor(latencyRequests / rounds));
  const warmup = Math.min(2_000, Math.ceil(requests / 4));

  const text = 'Hi! This is a longer message, like the ones customers send when they describe a problem. '.repeat(5);
  const body = generatePayload({
    type: 'message',
    event: 'receive',
    seed: 7,
    now: new Date('2020-11-13T17:01:17Z'),
    body: text.trim(),
  }).json;

  const handler = child('--handler');
  const load = child('--load');
  const deadline = setTimeout(() => {
    console.error(`The forwarding benchmark did not finish within ${MAX_SECONDS} s.`);
    handler.process.kill();
    load.process.kill();
    process.exit(2);
  }, MAX_SECONDS * 1000);

  const { url: handlerUrl } = await handler.first<{ url: string }>();
  const proxied = warmup + rounds * (perRound + latencyPerRound);
  const receiver = new ReceiverHost({ limits: { count: proxied + 1, bytes: 1024 * 1024 * 1024 }, allowedHosts: [] });
  let changeEvents = 0;
  receiver.onDidChange(() => changeEvents++); // as the editor's tree listens
  const { table, problems } = parseForwardTable({ '*': handlerUrl });
  if (problems.length > 0) throw new Error(problems.join(' '));
  const proxyUrl = (await receiver.start({ host: '127.0.0.1', port: 0, forward: { table, timeoutMs: 10_000 } })).replace(/\/$/, '');

  const phases: Phase[] = [
    { name: 'direct', kind: 'warm-up', round: -1, url: handlerUrl, requests: warmup, clients },
    { name: 'proxy', kind: 'warm-up', round: -1, url: proxyUrl, requests: warmup, clients },
  ];
  for (const [kind, count, n] of [
    ['throughput', perRound, clients],
    ['latency', latencyPerRound, 1],
  ] as const) {
    for (let round = 0; round < rounds; round++) {
      const pair: Phase[] = [
        { name: 'direct', kind, round, url: handlerUrl, requests: count, clients: n },
        { name: 'proxy', kind, round, url: proxyUrl, requests: count, clients: n },
      ];
      phases.push(...(round % 2 === 0 ? pair : pair.reverse()));
    }
  }
  console.log(
    `  ~1 KB POSTs (${Buffer.byteLength(body)} bytes) from an undici Pool in a child process, straight to a node:http handler (its own process) or through ` +
      `ReceiverHost forwarding ('*' -> handler); ${rounds} alternating rounds of ${perRound} requests with ${clients} keep-alive clients, then ${rounds} of ${latencyPerRound} with one; ` +
      `+${warmup} warm-up each; Node ${process.version}`,
  );

  const results: Measured[] = [];
  for (const phase of phases) {
    const handlerBefore = (await handler.ask<{ cpu: number }>('cpu')).cpu;
    const proxyBefore = cpuMicros();
    const result = await load.ask<PhaseResult>({ phase, body });
    const proxyCpu = cpuMicros() - proxyBefore;
    const handlerCpu = (await handler.ask<{ cpu: number }>('cpu')).cpu - handlerBefore;
    results.push({ ...phase, ...result, proxyCpu, handlerCpu });
  }
  clearTimeout(deadline);
  await new Promise((resolve) => setImmediate(resolve)); // let the last change event fire

  const of = (name: Phase['name'], kind: Phase['kind']): Measured[] => results.filter((r) => r.name === name && r.kind === kind);
  const direct = summary(of('direct', 'throughput'));
  const proxy = summary(of('proxy', 'throughput'));
  const directQuiet = summary(of('direct', 'latency'));
  const proxyQuiet = summary(of('proxy', 'latency'));
  const ratios: number[] = [];
  const overheads: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const pick = (name: Phase['name'], kind: Phase['kind']): Measured | undefined =>
      results.find((r) => r.name === name && r.kind === kind && r.round === round);
    const [d, p, dq, pq] = [pick('direct', 'throughput'), pick('proxy', 'throughput'), pick('direct', 'latency'), pick('proxy', 'latency')];
    if (d && p) ratios.push(d.seconds / p.seconds);
    if (dq && pq) overheads.push(pq.p50 - dq.p50);
  }
  const ratio = median(ratios);
  const overhead = median(overheads);

  const row = (name: string, m: ReturnType<typeof summary>, cpu: boolean): string =>
    `  ${name.padEnd(22)} ${m.rps.toFixed(0).padStart(6)} req/s   p50 ${m.p50.toFixed(2).padStart(6)} ms   p99 ${m.p99.toFixed(2).padStart(6)} ms` +
    (cpu ? `   CPU/request: handler ${m.handlerCpu.toFixed(0).padStart(3)} µs, proxy ${m.proxyCpu.toFixed(0).padStart(3)} µs` : '');
  console.log(row(`direct, ${clients} clients`, direct, true));
  console.log(row(`proxy, ${clients} clients`, proxy, true));
  console.log(row('direct, 1 client', directQuiet, false));
  console.log(row('proxy, 1 client', proxyQuiet, false));
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `  ratio proxy/direct: ${ratio.toFixed(2)} median of ${ratios.length} rounds (range ${sorted[0]?.toFixed(2)}-${sorted.at(-1)?.toFixed(2)}); p50 overhead (1 client): ${formatMs(overhead)} median of ${overheads.length} rounds; under load: ${formatMs(proxy.p50 - direct.p50)}`,
  );

  // Nothing lost: every answer 200 with the handler's body, every proxied request captured with its forward result.
  const sent = results.reduce((n, r) => n + r.requests, 0);
  const answered = results.reduce((n, r) => n + r.ok, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const wrongBody = results.reduce((n, r) => n + r.wrongBody, 0);
  const proxiedSent = results.filter((r) => r.name === 'proxy').reduce((n, r) => n + r.requests, 0);
  const captures = receiver.list();
  const forwardedOk = captures.filter(
    (c) => c.forwarding === undefined && c.forwards?.length === 1 && c.forwards[0]?.status === 200 && c.forwards[0].failure === undefined,
  ).length;
  const lost = sent - answered + (proxiedSent - forwardedOk);
  console.log(
    `  sent ${sent} (${proxiedSent} through the proxy): ${answered} answered 200 with the handler's body, ${failed} failed, ${wrongBody} another body; ` +
      `captured ${receiver.size} (${captures.length - receiver.size} still pending), ${forwardedOk} with a forward result of 200; change events ${changeEvents}`,
  );

  await receiver.dispose();
  handler.process.disconnect();
  load.process.disconnect();

  const pair = (m: { p50: number; p99: number }): string => `${m.p50.toFixed(2)}/${m.p99.toFixed(2)} ms`;
  const rows: BenchRow[] = [
    {
      name: `forwarding proxy / direct to the handler, req/s (${clients} clients)`,
      value: ratio,
      unit: 'x',
      digits: 2,
      reference: `direct ${direct.rps.toFixed(0)} req/s, p50/p99 ${pair(direct)}; proxy ${proxy.rps.toFixed(0)} req/s, p50/p99 ${pair(proxy)}`,
      goal: `>= ${RATIO_GOAL.toFixed(2)}x`,
      pass: ratio >= RATIO_GOAL,
    },
    {
      name: 'forwarding proxy: p50 overhead (1 client)',
      value: overhead,
      unit: 'ms',
      digits: 2,
      reference: `direct p50/p99 ${pair(directQuiet)}; proxy p50/p99 ${pair(proxyQuiet)}; under load ${formatMs(proxy.p50 - direct.p50)}`,
      goal: `<= ${OVERHEAD_GOAL_MS} ms`,
      pass: overhead <= OVERHEAD_GOAL_MS,
    },
    {
      name: 'forwarding: requests lost or failed',
      value: lost,
      unit: '',
      digits: 0,
      reference: `${answered} of ${sent} answered 200; ${forwardedOk} of ${proxiedSent} captured with a forward of 200`,
      goal: '0',
      pass: lost === 0,
    },
  ];
  emitRows(rows);
}

const mode = process.argv[2];
if (mode === '--handler') runHandler();
else if (mode === '--load') runLoad();
else {
  parent().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
