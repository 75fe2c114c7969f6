#!/usr/bin/env node
// The one test command (`npm test`):
//   lint, format (prettier --check), typecheck, build (esbuild --tests), unit tests, harness setup, package (.vsix),
//   integration tests (extension host of a real VS Code: the current one, then VS Code 1.99 = the engines.vscode
//   floor), e2e UI scenarios (real workbench in Chromium, current VS Code only).
// Every stage is a child process in its own process group with its output streamed and a time-out;
// stages go on after a failure so the summary is complete. The last line is exactly "N passed, N failed"
// (lint, typecheck and package count as one check each; a stage that crashes or times out counts as one
// failure); the exit code is non-zero when anything failed.
//
//   node test/scripts/test.mjs          everything
//   node test/scripts/test.mjs --unit   lint, typecheck, build and unit tests only (fast inner loop)
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
ensureDependencies(root);
process.chdir(root);
const unitOnly = process.argv.includes('--unit');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
const results = (name) => path.join(resultsDir, `${name}-results.json`);
const MIN = 60_000;

function unitFiles() {
  const dir = path.join(root, 'out', 'unit');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join('out', 'unit', f));
}

/**
 * kind 'check': one check, passed or failed.
 * kind 'tests': counts from the stage's results file; a missing file or a non-zero exit without failures = 1 failure.
 * kind 'step':  counts nothing when it works, one failure when it does not.
 */
const stages = [
  { name: 'lint', kind: 'check', cmd: bin('eslint'), args: ['--max-warnings', '0', '.'], timeout: 10 * MIN },
  { name: 'format', kind: 'check', cmd: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'], timeout: 5 * MIN },
  { name: 'typecheck', kind: 'check', cmd: bin('tsc'), args: ['--noEmit'], timeout: 5 * MIN },
  { name: 'build', kind: 'step', cmd: 'node', args: ['esbuild.js', '--tests'], timeout: 3 * MIN },
  {
    name: 'unit',
    kind: 'tests',
    results: results('unit'),
    timeout: 5 * MIN,
    cmd: bin('mocha'),
    args: () => ['--reporter', path.join('test', 'scripts', 'mocha-results-reporter.js'), ...unitFiles()],
    skipIf: () => (unitFiles().length === 0 ? 'no out/unit/*.test.js' : undefined),
  },
  { name: 'setup-harness', kind: 'step', full: true, cmd: 'bash', args: ['test/scripts/setup-harness.sh'], timeout: 25 * MIN },
  {
    name: 'package',
    kind: 'check',
    full: true,
    cmd: 'npm',
    args: ['run', 'package'],
    timeout: 5 * MIN,
    // Never let the e2e stage test a stale package.
    before: () => fs.rmSync(path.join(root, 'dist', 'zipwhip-webhooks.vsix'), { force: true }),
  },
  {
    name: 'integration',
    kind: 'tests',
    full: true,
    results: results('integration'),
    timeout: 10 * MIN,
    cmd: 'node',
    args: ['test/scripts/run-integration.mjs', '--vscode=current'],
    env: { ZIPWHIP_LAUNCHER_TIMEOUT_MS: String(8 * MIN) },
  },
  {
    name: 'integration-1.99',
    kind: 'tests',
    full: true,
    results: results('integration-1.99'),
    timeout: 10 * MIN,
    cmd: 'node',
    args: ['test/scripts/run-integration.mjs', '--vscode=1.99'],
    env: { ZIPWHIP_LAUNCHER_TIMEOUT_MS: String(8 * MIN) },
  },
  {
    name: 'e2e',
    kind: 'tests',
    full: true,
    results: results('e2e'),
    timeout: 20 * MIN,
    cmd: 'node',
    args: ['test/scripts/run-e2e.mjs'],
    env: { ZIPWHIP_E2E_TIMEOUT_MS: String(18 * MIN) },
  },
].filter((s) => !unitOnly || !s.full);

let current; // the running child, for signal forwarding
let aborted;
function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (aborted) return;
    aborted = sig;
    console.error(`\n[test] ${sig}: stopping`);
    if (current) {
      killGroup(current, 'SIGTERM');
      const c = current;
      setTimeout(() => killGroup(c, 'SIGKILL'), 8000).unref();
    }
  });
}

function runStage(stage) {
  return new Promise((resolve) => {
    const args = typeof stage.args === 'function' ? stage.args() : stage.args;
    const env = { ...process.env, ...stage.env, FORCE_COLOR: process.stdout.isTTY ? '1' : (process.env.FORCE_COLOR ?? '0') };
    if (stage.results) env.ZIPWHIP_TEST_RESULTS = stage.results;
    let timedOut = false;
    let child;
    try {
      child = spawn(stage.cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    } catch (e) {
      resolve({ code: 1, timedOut, error: e });
      return;
    }
    current = child;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test] ${stage.name}: TIME-OUT after ${stage.timeout / 1000} s, stopping it`);
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 8000).unref();
    }, stage.timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ code: 1, timedOut, error: e });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      // Leave nothing behind in the stage's process group.
      killGroup(child, 'SIGKILL');
      resolve({ code: code ?? 1, signal, timedOut });
    });
  });
}

function readResults(file) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof r.passed === 'number' && typeof r.failed === 'number') return r;
  } catch {
    /* missing or broken */
  }
  return undefined;
}

const t0 = Date.now();
const rows = [];
let passed = 0;
let failed = 0;
let skipped = 0;
fs.mkdirSync(resultsDir, { recursive: true });

for (const [i, stage] of stages.entries()) {
  const row = { name: stage.name, passed: 0, failed: 0, skipped: 0, note: '', secs: '0.0' };
  rows.push(row);
  if (aborted) {
    row.note = `not run (${aborted})`;
    row.failed = 1;
    failed += 1;
    continue;
  }
  const skip = stage.skipIf?.();
  if (skip) {
    row.note = `skipped: ${skip}`;
    console.log(`\n=== [${i + 1}/${stages.length}] ${stage.name}: ${row.note}`);
    continue;
  }
  if (stage.results) fs.rmSync(stage.results, { force: true });
  stage.before?.();
  const args = typeof stage.args === 'function' ? stage.args() : stage.args;
  console.log(`\n=== [${i + 1}/${stages.length}] ${stage.name}: ${path.relative(root, stage.cmd) || stage.cmd} ${args.join(' ')}`);
  const ts = Date.now();
  const res = await runStage(stage);
  row.secs = ((Date.now() - ts) / 1000).toFixed(1);
  const ok = res.code === 0 && !res.timedOut;
  const why = res.timedOut
    ? 'timed out'
    : res.error
      ? `could not start: ${res.error.message}`
      : res.signal
        ? `killed by ${res.signal}`
        : `exit ${res.code}`;

  if (stage.kind === 'check') {
    if (ok) row.passed = 1;
    else row.failed = 1;
    row.note = ok ? 'ok' : why;
  } else if (stage.kind === 'step') {
    if (!ok) row.failed = 1;
    row.note = ok ? 'ok' : why;
  } else {
    const r = readResults(stage.results);
    if (r) {
      row.passed = r.passed;
      row.failed = r.failed;
      row.skipped = r.pending ?? 0;
      if (!ok && r.failed === 0) {
        row.failed = 1;
        row.note = `${why} after the tests`;
      } else {
        row.note = ok ? 'ok' : why;
      }
    } else {
      row.failed = 1;
      row.note = `${why}; no results written`;
    }
  }
  passed += row.passed;
  failed += row.failed;
  skipped += row.skipped;
  console.log(`--- ${stage.name}: ${row.note} (${row.passed} passed, ${row.failed} failed, ${row.secs} s)`);
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(1)} s${unitOnly ? ', --unit' : ''})`);
for (const r of rows) {
  const counts = `${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed${r.skipped ? ` ${r.skipped} skipped` : ''}`;
  console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.name.padEnd(width)} ${counts}  ${r.secs.padStart(6)} s  ${r.note}`);
}
if (skipped) console.log(`  (${skipped} skipped)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || aborted ? 1 : 0;
