// Runner of the UI scenarios (node out/e2e/index.js, started by scripts/run-e2e.mjs): mocha over the sibling
// `*.test.js` bundles; counts go to $ZIPWHIP_TEST_RESULTS as {passed, failed, pending, failures}.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

function main(): void {
  const mocha = new Mocha({ ui: 'bdd', color: process.stdout.isTTY, timeout: 120_000, slow: 30_000, reporter: 'spec' });
  const grep = process.env.ZIPWHIP_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const results = { passed: 0, failed: 0, pending: 0, failures: [] as Failure[] };
  const write = (): void => {
    const target = process.env.ZIPWHIP_TEST_RESULTS;
    if (!target) return;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(results, null, 2) + '\n');
  };

  const runner = mocha.run(() => {
    write();
    if (files.length === 0) console.error(`no *.test.js files next to ${__filename}`);
    process.exitCode = results.failed > 0 || files.length === 0 ? 1 : 0;
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
}

main();
