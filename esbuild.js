// Bundles the extension (and the stand-alone sandbox CLI and the tests) with esbuild.
// Usage: node esbuild.js [--production] [--watch] [--sandbox] [--tests] [--bench]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlySandbox = process.argv.includes('--sandbox');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');

/** Prints errors in the form VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [problemMatcher],
  // jsonc-parser's UMD build loads its parts with a require() that esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': require.resolve('jsonc-parser/lib/esm/main.js') },
};

/**
 * undici is two thirds of the extension's code, and only a request needs it: the shipped bundles load it from
 * dist/undici.js on first use (src/api/undici.ts), so activating the extension does not even parse it.
 */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: './undici.js', external: true } : undefined,
    );
  },
};
/**
 * zod too: the schemas build on their first use (src/model/schema.ts), and require the part of zod they use
 * (src/model/zodExports.ts); the shipped bundles load that from dist/zod.js then, not when the extension loads.
 */
const zodApart = {
  name: 'zod-apart',
  setup(build) {
    build.onResolve({ filter: /[\\/]zodExports$/ }, (args) =>
      args.kind === 'require-call' ? { path: './zod.js', external: true } : undefined,
    );
  },
};
const shipped = { ...common, plugins: [...common.plugins, undiciApart, zodApart] };

/** The test files of a folder (`*.test.ts`) plus its `index.ts` runner, if any; helpers live in subfolders. */
function listTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts') || f === 'index.ts')
    .map((f) => path.join(dir, f));
}

async function main() {
  const builds = [];
  builds.push({ ...common, sourcemap: false, entryPoints: [require.resolve('undici')], outfile: 'dist/undici.js' });
  builds.push({ ...common, sourcemap: false, entryPoints: ['src/model/zodExports.ts'], outfile: 'dist/zod.js' });
  builds.push({ ...shipped, entryPoints: ['src/sandbox/cli.ts'], outfile: 'dist/sandbox-cli.js' });
  builds.push({ ...shipped, entryPoints: ['src/receiver/cli.ts'], outfile: 'dist/receiver-cli.js' });
  builds.push({ ...shipped, entryPoints: ['src/scenarios/cli.ts'], outfile: 'dist/scenarios-cli.js' });
  if (!onlySandbox) {
    builds.push({ ...shipped, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
  }
  if (tests) {
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: listTests('test/unit'),
      outdir: 'out/unit',
      external: ['vscode', 'mocha', 'esbuild'],
    });
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: listTests('test/integration'),
      outdir: 'out/integration',
      external: ['vscode', 'mocha'],
    });
  }
  // --- e2e UI scenarios (test/e2e/*.test.ts + index.ts -> out/e2e/), run by test/scripts/run-e2e.mjs in Node 20.
  // playwright-core comes from the harness cache (test/scripts/setup-harness.sh) at run time, never bundled.
  if (tests) {
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: listTests('test/e2e'),
      outdir: 'out/e2e',
      external: ['vscode', 'mocha', 'playwright-core'],
    });
  }
  // --- end e2e
  // --- benchmarks (test/bench/*.ts -> out/bench/), run by test/bench/index.mjs (npm run bench). Never part of the
  // extension bundle; playwright-core comes from the harness cache at run time, as for the e2e scenarios.
  if (bench) {
    const entries = fs
      .readdirSync('test/bench')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('test/bench', f));
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: entries,
      outdir: 'out/bench',
      external: ['vscode', 'playwright-core'],
    });
  }
  // --- end benchmarks

  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
