/**
 * `npm run scenarios -- [paths…] --target <url>`: runs scenario files and test fixtures against a handler (the
 * sandbox in-process), prints each result, ends with `N passed, N failed`, and exits non-zero on a failure.
 * cli.ts is only its entry point.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { QUIRKS, newSeed, type ChaosOptions, type Quirk } from './chaos';
import { systemClock } from './directTransport';
import { FIXTURE_SUFFIX, loadFixtureText, runFixture } from './fixture';
import { parseFlags, timeoutFlag, UsageError } from '../net/commandLine';
import { isForwardTarget } from '../receiver/forwardRoutes';
import { fixtureLines, scenarioLines } from './report';
import { SCENARIO_SUFFIX } from './scenario';
import { loadScenarioText } from './scenarioFile';
import { playOnOwnSandbox } from './sandboxRun';

export const USAGE = `Usage: npm run scenarios -- [paths…] [options]

Runs Zipwhip scenario files (*${SCENARIO_SUFFIX}) and test fixtures (*${FIXTURE_SUFFIX}) against your handler,
through a sandbox started in this process. Paths are files or folders (searched recursively); default: the
current folder. Prints each result and a closing line "N passed, N failed"; exits 1 when one failed.

Options:
  --target <url>       your handler (an origin alone gets /zipwhip/<type>/<event>); a file's own "target" wins
  --quirks <list>      Zipwhip's delivery quirks, comma-separated: ${QUIRKS.join(', ')}
  --seed <n>           the seed of the quirks (default: a new one, printed)
  --timeout <seconds>  per request (default 10)
  -h, --help           show this help`;

export { UsageError };

export interface ScenariosCliConfig {
  readonly help: boolean;
  readonly paths: readonly string[];
  readonly target?: string;
  readonly chaos: ChaosOptions;
  readonly timeoutMs: number;
}

export function parseScenariosCli(args: readonly string[]): ScenariosCliConfig {
  const { values, positionals } = parseFlags({
    args: [...args],
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      quirks: { type: 'string' },
      seed: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.target !== undefined && !isForwardTarget(values.target))
    throw new UsageError(`Invalid --target "${values.target}": expected an http:// or https:// URL.`);
  const quirks = (values.quirks ?? '')
    .split(',')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  for (const quirk of quirks)
    if (!(QUIRKS as readonly string[]).includes(quirk)) throw new UsageError(`Unknown quirk "${quirk}": use ${QUIRKS.join(', ')}.`);
  if (values.seed !== undefined && !/^\d{1,10}$/.test(values.seed))
    throw new UsageError(`Invalid --seed "${values.seed}": expected a whole number.`);
  return {
    help: values.help ?? false,
    paths: positionals.length > 0 ? positionals : ['.'],
    ...(values.target === undefined ? {} : { target: values.target }),
    chaos: { quirks: new Set(quirks as Quirk[]), seed: values.seed === undefined ? newSeed() : Number(values.seed) },
    timeoutMs: timeoutFlag(values.timeout, 10),
  };
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'out']);

/** Where relative paths start: the folder `npm run` was started in (npm runs scripts in the package's own). */
function startFolder(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

/** The scenario and fixture files under the paths, sorted. */
export async function findTestFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      for (const entry of await readdir(path)) if (!SKIP.has(entry)) await visit(join(path, entry));
    } else if (path.endsWith(SCENARIO_SUFFIX) || path.endsWith(FIXTURE_SUFFIX)) {
      found.push(path);
    }
  };
  for (const path of paths) await visit(resolve(startFolder(), path));
  return [...new Set(found)].sort();
}

/** Runs everything; resolves with the counts (the caller sets the exit code). */
export async function runScenariosCli(
  argv: readonly string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<{ passed: number; failed: number } | undefined> {
  let config: ScenariosCliConfig;
  try {
    config = parseScenariosCli(argv);
  } catch (error: unknown) {
    err(`scenarios: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    process.exitCode = 2;
    return undefined;
  }
  if (config.help) {
    out(USAGE);
    return undefined;
  }
  let files: string[];
  try {
    files = await findTestFiles(config.paths);
  } catch (error: unknown) {
    err(`scenarios: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
    return undefined;
  }
  if (config.chaos.quirks.size > 0)
    out(`Quirks: ${[...config.chaos.quirks].join(', ')}; seed ${config.chaos.seed} (repeat with --seed ${config.chaos.seed})`);
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const name = relative(startFolder(), file) || file;
    const text = await readFile(file, 'utf8');
    if (file.endsWith(FIXTURE_SUFFIX)) {
      const { fixture, problem } = loadFixtureText(text);
      const target = fixture?.target ?? config.target;
      if (!fixture || target === undefined) {
        out(`FAIL ${name}: ${fixture ? 'no target: give --target or a "target" in the file' : `not a test fixture: ${problem ?? '?'}`}`);
        failed += 1;
        continue;
      }
      const result = await runFixture(fixture, target, { timeoutMs: config.timeoutMs });
      for (const line of fixtureLines(name, result)) out(line);
      if (result.passed) passed += 1;
      else failed += 1;
      continue;
    }
    const loaded = loadScenarioText(text);
    if (!loaded.scenario) {
      out(`FAIL ${name}: ${loaded.problems.map((p) => p.message).join('; ')}`);
      failed += 1;
      continue;
    }
    const target = loaded.scenario.target ?? config.target;
    if (target === undefined) {
      out(`FAIL ${name}: no target: give --target or a "target" in the file`);
      failed += 1;
      continue;
    }
    const result = await playOnOwnSandbox(loaded.scenario, {
      route: () => target,
      chaos: config.chaos,
      clock: systemClock,
      timeoutMs: config.timeoutMs,
    });
    for (const line of scenarioLines({ ...result, name: `${name} (${result.name})` })) out(line);
    if (result.passed) passed += 1;
    else failed += 1;
  }
  if (files.length === 0) err(`scenarios: no *${SCENARIO_SUFFIX} or *${FIXTURE_SUFFIX} file under ${config.paths.join(', ')}`);
  out(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || files.length === 0 ? 1 : 0;
  return { passed, failed };
}
