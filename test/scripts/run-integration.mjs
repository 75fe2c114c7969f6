#!/usr/bin/env node
// Runs the integration suite (out/integration/index.js, built by `node esbuild.js --tests`) inside a real
// VS Code extension host through @vscode/test-electron's runTests():
//   - default: the "VS Code executable" is test/harness/code-server-launcher.js (code-server + headless
//     Chromium, installed by test/scripts/setup-harness.sh) - works on the offline CI machines;
//   - VSCODE_DESKTOP=1: runTests downloads and starts desktop VS Code (a laptop with internet access).
// Which VS Code: `--vscode=1.99` (or ZIPWHIP_VSCODE_HARNESS=1.99) runs it in the old harness, code-server 4.99.4 =
// VS Code 1.99.3 (the engines.vscode floor; with VSCODE_DESKTOP=1, desktop VS Code 1.99.3); default "current".
// The suite writes its counts to $ZIPWHIP_TEST_RESULTS (default test-results/integration-results.json, or
// integration-1.99-results.json); this script prints them and exits non-zero on any failure.
//
// Env: ZIPWHIP_EXTENSION_DEV_PATH (default: repo root), ZIPWHIP_TEST_GREP (mocha grep),
//      ZIPWHIP_TEST_SETTINGS (JSON settings), ZIPWHIP_LAUNCHER_TIMEOUT_MS, ZIPWHIP_LAUNCHER_VERBOSE=1.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { runTests } = require('@vscode/test-electron');

const t0 = Date.now();
const desktop = process.env.VSCODE_DESKTOP === '1';
const launcher = path.join(root, 'test', 'harness', 'code-server-launcher.js');
const harness = require(path.join(root, 'test', 'harness', 'paths.js'));
const extensionDevelopmentPath = path.resolve(process.env.ZIPWHIP_EXTENSION_DEV_PATH || root);
const extensionTestsPath = path.join(root, 'out', 'integration', 'index.js');

function fail(msg) {
  console.error(`[integration] ${msg}`);
  process.exit(1);
}

const vscodeArg = process.argv.slice(2).find((a) => a.startsWith('--vscode='));
let target;
try {
  target = harness.selectHarness(vscodeArg ? vscodeArg.slice('--vscode='.length) : undefined);
} catch (e) {
  fail(e.message);
}
// The launcher is started by runTests with this process's environment: that is how it learns the harness.
process.env.ZIPWHIP_VSCODE_HARNESS = target.name;
const resultsName = target.name === 'current' ? 'integration' : `integration-${target.name}`;
const resultsFile = path.resolve(process.env.ZIPWHIP_TEST_RESULTS || path.join(root, 'test-results', `${resultsName}-results.json`));

if (!fs.existsSync(extensionTestsPath)) fail(`${extensionTestsPath} is missing; build it with: node esbuild.js --tests`);
if (!fs.existsSync(path.join(extensionDevelopmentPath, 'package.json'))) fail(`no extension at ${extensionDevelopmentPath}`);
if (!desktop && !harness.isInstalled(target.name)) {
  fail(`the VS Code harness "${target.name}" is not installed; run: bash test/scripts/setup-harness.sh`);
}
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

const options = {
  extensionDevelopmentPath,
  extensionTestsPath,
  // Desktop VS Code: only our extension. (The code-server launcher ignores this and other Electron-only flags.)
  launchArgs: ['--disable-extensions'],
  extensionTestsEnv: {
    ZIPWHIP_TEST_RESULTS: resultsFile,
    ZIPWHIP_TEST_MODE: 'integration',
  },
};
if (!desktop) options.vscodeExecutablePath = launcher;
else if (target.vscodeVersion) options.version = target.vscodeVersion;

const where = desktop
  ? `desktop VS Code ${target.vscodeVersion ?? '(stable)'} (downloaded by @vscode/test-electron)`
  : `code-server harness "${target.name}" (code-server ${target.codeServerVersion}, VS Code ${harness.vscodeVersionOf(target)})`;
console.log(`[integration] ${where}; extension ${extensionDevelopmentPath}`);
let runError;
try {
  await runTests(options);
} catch (e) {
  runError = e;
}

let results;
try {
  results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
  results = undefined;
}
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (!results) {
  fail(`no results were written (${runError ? runError.message : 'the suite did not run'}) after ${secs} s`);
}
for (const f of results.failures) console.log(`[integration] FAILED: ${f.title}\n    ${String(f.error).split('\n')[0]}`);
console.log(`[integration] ${results.passed} passed, ${results.failed} failed, ${results.pending} pending in ${secs} s`);
if (runError && results.failed === 0) fail(`the run failed after the suite finished: ${runError.message}`);
process.exit(results.failed > 0 || results.passed === 0 ? 1 : 0);
