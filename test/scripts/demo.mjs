#!/usr/bin/env node
// `npm run demo`: the extension in a real VS Code in your browser, against the built-in sandbox server.
//   1. npm run package                      -> dist/zipwhip-webhooks.vsix
//   2. bash test/scripts/setup-harness.sh        -> code-server + Node 24 (cached in ~/.cache/zipwhip-vscode-harness/)
//   3. node dist/sandbox-cli.js --port 8123 -> the sandbox Zipwhip API
//   4. code-server on 127.0.0.1 with the .vsix installed and zipwhip.apiBaseUrl = the sandbox URL
// then prints the URL to open and the demo login. Ctrl-C (or SIGTERM) stops everything it started.
//
// Options: --port <n> (code-server port, default: a free one), --sandbox-port <n> (default 8123),
//          --no-package (reuse dist/zipwhip-webhooks.vsix)
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
ensureDependencies(root);
const h = require(path.join(root, 'test', 'harness', 'code-server-launcher.js'));

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : dflt;
};
const sandboxPort = Number(opt('--sandbox-port', '8123'));
const wantedPort = opt('--port', undefined);
const skipPackage = argv.includes('--no-package');
const vsix = path.join(root, 'dist', 'zipwhip-webhooks.vsix');

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (m) => console.log(`[demo] ${m}`);

const groups = []; // process groups we started
let layout;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping the sandbox and code-server...');
  await Promise.all(groups.map((pgid) => h.killGroup(pgid)));
  if (layout) fs.rmSync(layout.dir, { recursive: true, force: true, maxRetries: 3 });
  log('stopped; nothing left running');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
process.on('SIGHUP', () => void stopAll(0));
process.on('exit', () => groups.forEach((pgid) => h.killGroupSync(pgid)));

/** Runs a command to completion with its output streamed, in its own process group (stopped on Ctrl-C). */
function step(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
    groups.push(child.pid);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      groups.splice(groups.indexOf(child.pid), 1);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}

function startSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'sandbox-cli.js'), '--port', String(sandboxPort)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    groups.push(child.pid);
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /(https?:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before printing its URL:\n${out}`)));
    setTimeout(() => reject(new Error(`the sandbox printed no URL within 20 s:\n${out}`)), 20_000).unref();
  });
}

try {
  if (!skipPackage) {
    log('packaging the extension (npm run package)');
    await step('npm', ['run', 'package']);
  }
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing (run without --no-package)`);
  log('checking the VS Code harness (test/scripts/setup-harness.sh)');
  await step('bash', ['test/scripts/setup-harness.sh', 'current']);

  const sandbox = await startSandbox();
  sandbox.child.stdout.on('data', (d) => process.stdout.write(String(d).replace(/^(?=.)/gm, '[sandbox] ')));
  sandbox.child.stderr.on('data', (d) => process.stderr.write(String(d).replace(/^(?=.)/gm, '[sandbox] ')));
  sandbox.child.removeAllListeners('exit');
  sandbox.child.on('exit', (code) => {
    if (stopping) return;
    log(`the sandbox exited unexpectedly (${code})`);
    void stopAll(1);
  });
  log(`sandbox at ${sandbox.url}`);

  layout = h.createLayout('zipwhip-demo-', { 'zipwhip.apiBaseUrl': sandbox.url });
  const env = h.serverEnv(layout);
  log('installing the .vsix into a fresh code-server profile');
  await step(
    h.harness.node24,
    [
      h.harness.codeServerEntry,
      '--extensions-dir',
      layout.extensionsDir,
      '--user-data-dir',
      layout.userDataDir,
      '--install-extension',
      vsix,
    ],
    env,
  );

  const port = wantedPort ? Number(wantedPort) : await h.freePort();
  const server = h.startServer(layout, port, { smokeTestDriver: false, env });
  groups.push(server.pgid);
  server.child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`code-server exited unexpectedly (${code ?? signal}); its log: ${server.logFile}`);
    void stopAll(1);
  });
  await h.waitForHealthz(port, server.child);

  const url = `http://127.0.0.1:${port}/`;
  console.log(`
[demo] ready after ${secs()} s

    Open:      ${url}?folder=${encodeURIComponent(layout.workspace)}
               (or ${url})
    Sign in:   Zipwhip view -> "Sign In" -> username 4257772300, password sandbox
               (zipwhip.apiBaseUrl is set to the sandbox: ${sandbox.url})
    Log:       ${server.logFile}

[demo] press Ctrl-C to stop everything
`);
} catch (e) {
  console.error(`[demo] ${e instanceof Error ? e.message : e}`);
  await stopAll(1);
}
