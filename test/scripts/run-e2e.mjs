#!/usr/bin/env node
// Runs the UI scenarios (out/e2e/index.js, built by `node esbuild.js --tests`) in Node 20 against a real
// VS Code (code-server + headless Chromium, see test/e2e/workbench.ts) with dist/zipwhip-webhooks.vsix installed.
// playwright-core is resolved from the harness cache (NODE_PATH), not from the repository.
//
// Env: ZIPWHIP_VSIX (default dist/zipwhip-webhooks.vsix), ZIPWHIP_TEST_GREP (mocha grep),
//      ZIPWHIP_E2E_TIMEOUT_MS (whole run, default 15 min), ZIPWHIP_KEEP_TMP=1.
// Counts go to test-results/e2e-results.json (or $ZIPWHIP_TEST_RESULTS); exit code non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const harness = require(path.join(root, 'test', 'harness', 'paths.js'));

const t0 = Date.now();
const entry = path.join(root, 'out', 'e2e', 'index.js');
const vsix = path.resolve(process.env.ZIPWHIP_VSIX || path.join(root, 'dist', 'zipwhip-webhooks.vsix'));
const resultsFile = path.resolve(process.env.ZIPWHIP_TEST_RESULTS || path.join(root, 'test-results', 'e2e-results.json'));
const timeoutMs = Number(process.env.ZIPWHIP_E2E_TIMEOUT_MS || 15 * 60 * 1000);

function fail(msg) {
  console.error(`[e2e] ${msg}`);
  process.exit(1);
}
if (!fs.existsSync(entry)) fail(`${entry} is missing; build it with: node esbuild.js --tests`);
if (!fs.existsSync(vsix)) fail(`${vsix} is missing; build it with: npm run package`);
if (!harness.isInstalled()) fail('the VS Code harness is not installed; run: bash test/scripts/setup-harness.sh');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

const nodePath = [path.join(harness.harnessDir, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
console.log(`[e2e] ${path.relative(root, vsix)} in code-server ${harness.codeServerVersion} + ${harness.chromium}`);
const child = spawn(process.execPath, ['--enable-source-maps', entry], {
  cwd: root,
  stdio: 'inherit',
  detached: true, // own process group: a time-out stops it and everything it started in that group
  env: { ...process.env, NODE_PATH: nodePath, ZIPWHIP_VSIX: vsix, ZIPWHIP_TEST_RESULTS: resultsFile, ZIPWHIP_REPO_ROOT: root },
});

let stopping;
function stop(reason) {
  if (stopping) return;
  stopping = reason;
  console.error(`[e2e] ${reason}; stopping the scenarios`);
  // SIGTERM first: the runner disposes its workbenches (each code-server is in its own session).
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    /* gone */
  }
  setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 8000).unref();
}
const timer = setTimeout(() => stop(`TIME-OUT after ${timeoutMs} ms`), timeoutMs);
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
clearTimeout(timer);

let results;
try {
  results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  results = undefined;
}
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (!results) fail(`no results were written (exit ${code}${stopping ? `, ${stopping}` : ''}) after ${secs} s`);
for (const f of results.failures) console.log(`[e2e] FAILED: ${f.title}\n    ${String(f.error).split('\n')[0]}`);
console.log(`[e2e] ${results.passed} passed, ${results.failed} failed, ${results.pending} pending in ${secs} s`);
process.exit(code !== 0 || stopping || results.failed > 0 || results.passed === 0 ? 1 : 0);
