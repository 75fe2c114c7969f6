// Entry point of the integration suite, loaded by the extension host (VS Code's `extensionTestsPath`).
// esbuild bundles every file of test/integration/ separately into out/integration/, so this runner picks up
// the sibling `*.test.js` bundles at run time. Results go to $ZIPWHIP_TEST_RESULTS (JSON) when set.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

interface Results {
  passed: number;
  failed: number;
  pending: number;
  failures: Failure[];
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.ZIPWHIP_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const results: Results = { passed: 0, failed: 0, pending: 0, failures: [] };
  const write = (): void => {
    const target = process.env.ZIPWHIP_TEST_RESULTS;
    if (!target) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(results, null, 2) + '\n');
  };

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        write();
        if (results.failed > 0) reject(new Error(`${results.failed} integration test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files next to ${__filename}`));
        else resolve();
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
    } catch (err) {
      results.failed++;
      results.failures.push({ title: 'loading the integration suite', error: describeError(err) });
      write();
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
