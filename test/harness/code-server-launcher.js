#!/usr/bin/env node
'use strict';
/*
 * A VS Code "executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) that runs the
 * extension tests in a real VS Code: code-server (VS Code server + web workbench, Node 24; or code-server 4.99.4 =
 * VS Code 1.99 on Node 20) with headless Debian Chromium driven by playwright-core. Runs on Node 20; needs
 * `bash test/scripts/setup-harness.sh` first.
 *
 * Arguments read (everything else, e.g. the Electron-only flags runTests adds, is ignored):
 *   --extensionDevelopmentPath=<abs dir>   (repeatable)
 *   --extensionTestsPath=<abs file>        (the suite module exporting run())
 *   <folder>                               (optional positional: workspace folder to open; default: a fresh empty one)
 *
 * Environment:
 *   everything it is given reaches the extension host (runTests' extensionTestsEnv, e.g. ZIPWHIP_TEST_RESULTS)
 *   ZIPWHIP_VSCODE_HARNESS       which harness (test/harness/paths.js): "current" (default) or "1.99"
 *   ZIPWHIP_TEST_SETTINGS        JSON object merged into both User/ and Machine/settings.json
 *   ZIPWHIP_LAUNCHER_TIMEOUT_MS  hard time-out for the whole run (default 300000 = 5 min)
 *   ZIPWHIP_KEEP_TMP=1           keep the temp dir even when the run passed
 *   ZIPWHIP_LAUNCHER_VERBOSE=1   also echo code-server's own output and the workbench console
 *
 * Exit code: the suite's (0 passed, non-zero failed); 1 on any launcher error; 124 on time-out;
 * 130/143 on SIGINT/SIGTERM. The code-server process group and the browser are stopped on every path.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const util = require('node:util');
const { spawn } = require('node:child_process');
const harness = require('./paths.js');

const TAG = '[code-server-launcher]';
const verbose = process.env.ZIPWHIP_LAUNCHER_VERBOSE === '1';
const timeoutMs = Number(process.env.ZIPWHIP_LAUNCHER_TIMEOUT_MS || 300000);
const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const info = (msg) => process.stdout.write(`${TAG} ${msg}\n`);

/** Settings every harness instance starts with (see shared/docs/real-vscode-testing.md). */
const BASE_SETTINGS = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
};

function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const take = (name) => {
      if (a === `--${name}`) return argv[++i];
      if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
      return undefined;
    };
    let v;
    if ((v = take('extensionDevelopmentPath')) !== undefined) out.devPaths.push(path.resolve(v));
    else if ((v = take('extensionTestsPath')) !== undefined) out.testsPath = path.resolve(v);
    else if (!a.startsWith('-')) out.folder = path.resolve(a);
  }
  return out;
}

function readSettingsOverride() {
  const raw = process.env.ZIPWHIP_TEST_SETTINGS;
  if (!raw) return {};
  const parsed = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('ZIPWHIP_TEST_SETTINGS must be a JSON object');
  }
  return parsed;
}

/**
 * Creates the per-run layout: ud/{User,Machine}/settings.json, exts/, xdg/{config,data,cache,runtime}, workspace/, logs/.
 * Shared with test/e2e/workbench.ts and test/scripts/demo.mjs.
 */
function createLayout(prefix, extraSettings) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const l = {
    dir,
    userDataDir: path.join(dir, 'ud'),
    extensionsDir: path.join(dir, 'exts'),
    workspace: path.join(dir, 'workspace'),
    logs: path.join(dir, 'logs'),
    xdg: {
      XDG_CONFIG_HOME: path.join(dir, 'xdg', 'config'),
      XDG_DATA_HOME: path.join(dir, 'xdg', 'data'),
      XDG_CACHE_HOME: path.join(dir, 'xdg', 'cache'),
      XDG_RUNTIME_DIR: path.join(dir, 'xdg', 'runtime'),
    },
  };
  const settings = JSON.stringify({ ...BASE_SETTINGS, ...extraSettings }, null, 2) + '\n';
  for (const d of [l.extensionsDir, l.workspace, l.logs, ...Object.values(l.xdg)]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  for (const scope of ['User', 'Machine']) {
    fs.mkdirSync(path.join(l.userDataDir, scope), { recursive: true });
    fs.writeFileSync(path.join(l.userDataDir, scope, 'settings.json'), settings);
  }
  return l;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Environment for code-server (and so the extension host): ours, minus what would confuse a nested VS Code. */
function serverEnv(layout, extra) {
  const env = { ...process.env, ...layout.xdg, EXTENSIONS_GALLERY: '{}', ...extra };
  for (const k of Object.keys(env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') delete env[k];
  }
  return env;
}

/**
 * Common code-server flags (bind 127.0.0.1 only; no auth; no telemetry/update checks). `h` is a harness from
 * paths.js (default: the current one); flags its code-server does not know are left out (code-server stops on an
 * unknown flag): 4.99 has neither --reconnection-grace-time nor --vscode-option, so no smoke-test driver either.
 * The integration suite does not need the driver: in extension-test mode VS Code refuses dialogs and sends the
 * extension host's log to codeAutomationLog by itself.
 */
function serverArgs(layout, port, { smokeTestDriver = false, harness: h = harness.harnesses.current } = {}) {
  const args = [
    h.codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(h.serverFlags.reconnectionGraceTime ? ['--reconnection-grace-time', '5'] : []),
    '--extensions-dir',
    layout.extensionsDir,
    '--user-data-dir',
    layout.userDataDir,
  ];
  if (smokeTestDriver && h.serverFlags.vscodeOption) args.push('--vscode-option', 'enable-smoke-test-driver');
  return args;
}

/** Starts code-server in its own process group (setsid); output goes to logs/code-server.log. */
function startServer(layout, port, { smokeTestDriver = false, folder, env, echo = false, harness: h = harness.harnesses.current } = {}) {
  const logFile = path.join(layout.logs, 'code-server.log');
  const fd = fs.openSync(logFile, 'a');
  const args = [...serverArgs(layout, port, { smokeTestDriver, harness: h }), folder || layout.workspace];
  const child = spawn(h.node, args, {
    cwd: layout.workspace,
    env: env || serverEnv(layout),
    detached: true, // setsid(): own process group, killed as a whole
    stdio: echo ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  if (echo) {
    for (const s of [child.stdout, child.stderr]) {
      s.on('data', (d) => {
        fs.appendFileSync(logFile, d);
        process.stdout.write(String(d).replace(/^(?=.)/gm, '[code-server] '));
      });
    }
  }
  fs.closeSync(fd);
  return { child, pgid: child.pid, logFile };
}

/** Kills a process group: SIGTERM, then SIGKILL after graceMs. Synchronous-safe (no await needed for SIGKILL path). */
async function killGroup(pgid, graceMs = 1500) {
  if (!pgid) return;
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* gone */
  }
  const until = Date.now() + graceMs;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

function killGroupSync(pgid) {
  if (!pgid) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/** Waits until GET /healthz answers 200, or the server dies, or timeoutMs passes. */
async function waitForHealthz(port, child, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    }
    const ok = await new Promise((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer /healthz on port ${port} within ${timeoutMs} ms`);
}

/** Routine workbench log lines that also reach codeAutomationLog (hidden unless ZIPWHIP_LAUNCHER_VERBOSE=1). */
const WORKBENCH_CHATTER = new RegExp(
  '^(Resolving connection token|Resolved connection token|Creating a socket|\\[reconnection-grace-time\\]|' +
    'Ignoring fetching additional builtin extensions|\\[Service Worker\\]|\\[AgentHost|\\[AccountPolicyGate\\]|' +
    'No search provider registered|Started local extension host|Extension host .* started|' +
    'ChatSessionStore: Migrating|Updating additional builtin extensions cache)',
);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless Debian Chromium via playwright-core (from the harness cache). */
async function launchChromium(layout) {
  const { chromium } = harness.requirePlaywright();
  return chromium.launch({
    executablePath: harness.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...layout.xdg, HOME: path.join(layout.dir, 'xdg', 'home') },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60000,
  });
}

module.exports = {
  BASE_SETTINGS,
  CHROMIUM_ARGS,
  createLayout,
  freePort,
  serverEnv,
  serverArgs,
  startServer,
  killGroup,
  killGroupSync,
  waitForHealthz,
  launchChromium,
  harness,
};

// --------------------------------------------------------------------------------------------------
async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.devPaths.length === 0 || !args.testsPath) {
    process.stderr.write(`${TAG} usage: code-server-launcher.js --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [folder]\n`);
    return 2;
  }
  let h;
  try {
    h = harness.selectHarness();
  } catch (e) {
    process.stderr.write(`${TAG} ${e.message}\n`);
    return 2;
  }
  if (!harness.isInstalled(h.name)) {
    process.stderr.write(`${TAG} harness "${h.name}" not installed (${h.dir}); run: bash test/scripts/setup-harness.sh\n`);
    return 1;
  }

  let layout;
  let server;
  let browser;
  let finished = false;
  let exitCode = 1;
  let resolveDone;
  const done = new Promise((r) => {
    resolveDone = r;
  });
  const finish = (code, why) => {
    if (finished) return;
    finished = true;
    exitCode = code;
    if (why) info(why);
    resolveDone();
  };

  const onSignal = (sig) => finish(sig === 'SIGINT' ? 130 : 143, `received ${sig}, stopping`);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // Last resort: whatever happens, never leave the server group behind.
  process.on('exit', () => {
    if (server) killGroupSync(server.pgid);
  });

  const timer = setTimeout(() => finish(124, `TIME-OUT after ${timeoutMs} ms, stopping`), timeoutMs);

  try {
    const settings = readSettingsOverride();
    layout = createLayout('zipwhip-vscode-test-', settings);
    const port = await freePort();
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    server = startServer(layout, port, { smokeTestDriver: true, folder: args.folder, echo: verbose, harness: h });
    server.child.on('exit', (code, signal) => {
      finish(1, `code-server exited unexpectedly (${code ?? signal})`);
    });
    info(
      `code-server ${h.codeServerVersion} (VS Code ${harness.vscodeVersionOf(h)}, node ${h.node}) on http://127.0.0.1:${port}/ (pgid ${server.pgid}, dir ${layout.dir})`,
    );
    await Promise.race([waitForHealthz(port, server.child), done]);
    if (finished) return exitCode;
    const tServer = secs();

    browser = await Promise.race([launchChromium(layout), done]);
    if (finished) return exitCode;
    info(`server ready after ${tServer} s, browser after ${secs()} s; loading the workbench`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleLog = path.join(layout.logs, 'workbench-console.log');
    page.on('console', (m) => {
      const line = `[${m.type()}] ${m.text()}\n`;
      fs.appendFileSync(consoleLog, line);
      if (verbose) process.stdout.write(`[workbench] ${line}`);
    });
    page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.stack || e}\n`));
    page.on('crash', () => finish(1, 'browser page crashed'));
    page.on('close', () => finish(1, 'browser page closed before the tests finished'));

    // Extension host console (console.log etc. of the suite and the extension) -> our stdout.
    // The workbench's own log lines arrive here too; its routine chatter is only shown when verbose.
    const extHostLog = path.join(layout.logs, 'extension-host-console.log');
    const workbenchCode = `http://127.0.0.1:${port}/`; // stack frames of workbench (not extension) errors
    await page.exposeFunction('codeAutomationLog', (type, msg) => {
      const text = Array.isArray(msg) ? util.format(...msg) : String(msg);
      fs.appendFileSync(extHostLog, `[${type}] ${text}\n`);
      if (finished || (!verbose && (WORKBENCH_CHATTER.test(text) || text.includes(workbenchCode)))) return;
      (type === 'error' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      try {
        for (const { relativePath, contents } of logs || []) {
          const target = path.join(layout.logs, 'vscode', relativePath);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, contents);
        }
      } catch {
        /* best effort */
      }
      finish(typeof code === 'number' ? code : 1, `extension tests finished with exit code ${code} after ${secs()} s`);
    });

    const payload = [
      ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(args.testsPath)],
      ['skipWelcome', 'true'],
    ];
    const url =
      `http://127.0.0.1:${port}/?folder=${encodeURIComponent(args.folder || layout.workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await Promise.race([page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 }), done]);
    await done;
    return exitCode;
  } catch (e) {
    if (!finished) {
      process.stderr.write(`${TAG} error: ${e && e.stack ? e.stack : e}\n`);
      finish(1);
    }
    return exitCode;
  } finally {
    clearTimeout(timer);
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    if (server) await killGroup(server.pgid);
    if (layout) {
      const interrupted = exitCode === 130 || exitCode === 143;
      if ((exitCode === 0 || interrupted) && process.env.ZIPWHIP_KEEP_TMP !== '1') {
        fs.rmSync(layout.dir, { recursive: true, force: true, maxRetries: 3 });
      } else {
        info(`kept ${layout.dir} (logs: ${layout.logs}, VS Code logs: ${path.join(layout.userDataDir, 'logs')})`);
        if (exitCode !== 0 && server) {
          const tail = fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-15).join('\n');
          if (tail.trim()) process.stderr.write(`${TAG} last lines of ${server.logFile}:\n${tail}\n`);
        }
      }
    }
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${TAG} fatal: ${e && e.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}
