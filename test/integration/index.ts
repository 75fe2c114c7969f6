// Entry point of the integration suite, loaded by the extension host (VS Code's `extensionTestsPath`).
import { runMochaSuite } from '../support/mochaSuite';

export async function run(): Promise<void> {
  const results = await runMochaSuite(__dirname, { color: false, timeout: 30_000 });
  if (results.files === 0) throw new Error(`no *.test.js files next to ${__filename}`);
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}
