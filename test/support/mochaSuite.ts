// Runs mocha over the `*.test.js` bundles next to a suite's index (esbuild bundles each test file on its own)
// and writes the counts to $ZIPWHIP_TEST_RESULTS as {passed, failed, pending, failures}, which
// test/scripts/test.mjs adds up into its closing "N passed, N failed" line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  files: number;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function runMochaSuite(dir: string, options: Mocha.MochaOptions): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', ...options });
  const grep = process.env.ZIPWHIP_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(dir, f));
  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, failures: [], files: files.length };
  const write = (): void => {
    const target = process.env.ZIPWHIP_TEST_RESULTS;
    if (!target) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(results, null, 2) + '\n');
  };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        write();
        resolve(results);
      });
      runner.on('pass', () => {
        results.passed++;
      });
      runner.on('pending', () => {
        results.pending++;
      });
      runner.on('fail', (test, err) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: describeError(err) });
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
