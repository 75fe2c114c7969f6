// Runner of the UI scenarios (node out/e2e/index.js, started by test/scripts/run-e2e.mjs).
import { runMochaSuite } from '../support/mochaSuite';

runMochaSuite(__dirname, { color: process.stdout.isTTY, timeout: 120_000, slow: 30_000 }).then(
  (results) => {
    if (results.files === 0) console.error(`no *.test.js files next to ${__filename}`);
    process.exitCode = results.failed > 0 || results.files === 0 ? 1 : 0;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
