import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseReceiverCli, UsageError as ReceiverUsageError } from '../../src/receiver/cliRunner';
import { parseScenariosCli, UsageError } from '../../src/scenarios/cliRunner';
import { starterScenarioText } from '../../src/scenarios/starter';
import { startRecordingServer, type RecordingServer } from './helpers/recordingServer';

// Built by `node esbuild.js --tests` next to the extension.
const CLI = path.resolve(__dirname, '../../dist/scenarios-cli.js');
const run = promisify(execFile);

async function scenarios(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, INIT_CWD: cwd },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('npm run scenarios (the terminal)', function () {
  this.timeout(60_000);
  let folder = '';
  let handler: RecordingServer | undefined;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'zw-scenarios-'));
    writeFileSync(path.join(folder, 'reservation.zipwhip-scenario.json'), starterScenarioText('reservation'));
    mkdirSync(path.join(folder, '.zipwhip', 'tests'), { recursive: true });
    writeFileSync(
      path.join(folder, '.zipwhip', 'tests', 'stop.zipwhip-test.json'),
      JSON.stringify({
        name: 'stop',
        event: 'optout:change',
        request: {
          method: 'POST',
          path: '/zipwhip/optout/change',
          headers: [['Content-Type', 'application/json']],
          body: '{"body":"STOP","id":1327295480212647936}',
        },
        expect: { status: '2xx' },
      }),
    );
  });
  after(async () => {
    await handler?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('passes against a handler that answers 200: every result, the closing line, exit 0', async () => {
    handler = await startRecordingServer((_req, res) => res.writeHead(200).end('{"ok":true}'));
    const result = await scenarios(['--target', handler.url], folder);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^PASS \.zipwhip\/tests\/stop\.zipwhip-test\.json: POST http:\/\/127\.0\.0\.1:\d+\/zipwhip\/optout\/change → HTTP 200/m,
    );
    assert.match(result.stdout, /^PASS reservation\.zipwhip-scenario\.json/m);
    assert.match(result.stdout, / ✓ 3\. progress of reply/);
    assert.equal(result.stdout.trim().split('\n').at(-1), '2 passed, 0 failed');
    const paths = handler.seen.map((r) => r.url);
    assert.ok(
      paths.includes('/zipwhip/message/receive') && paths.includes('/zipwhip/optout/change'),
      "through the sandbox's hooks to the handler",
    );
    await handler.close();
    handler = undefined;
  });

  it('fails against a handler that answers 500: the failed steps, the closing line, exit 1', async () => {
    handler = await startRecordingServer((req, res) => res.writeHead(req.url.includes('optout') ? 500 : 200).end());
    const result = await scenarios(['--target', handler.url, '.'], folder);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^FAIL \.zipwhip\/tests\/stop\.zipwhip-test\.json/m);
    assert.match(result.stdout, / ✗ 5\. change\n.*\n.* expected 2xx, got 500/);
    assert.equal(result.stdout.trim().split('\n').at(-1), '0 passed, 2 failed');
  });

  it('refuses bad arguments with exit 2', async () => {
    const result = await scenarios(['--quirks', 'gremlins'], folder);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown quirk "gremlins"/);
    assert.throws(() => parseScenariosCli(['--target', 'ftp://x']), UsageError);
    assert.equal(parseScenariosCli(['--quirks', 'duplicates,reset', '--seed', '7']).chaos.seed, 7);
  });
});

describe('npm run receiver (the terminal): its arguments', () => {
  it('routes events, fans out, and refuses a remote --host without --allow-remote', () => {
    const config = parseReceiverCli([
      '--forward',
      'http://127.0.0.1:3000/zipwhip',
      '--route',
      'message/receive=http://127.0.0.1:3000/in',
      '--route',
      'message/receive=http://127.0.0.1:4000/audit',
    ]);
    assert.deepEqual(
      [...config.table],
      [
        ['*', ['http://127.0.0.1:3000/zipwhip']],
        ['message/receive', ['http://127.0.0.1:3000/in', 'http://127.0.0.1:4000/audit']],
      ],
    );
    assert.equal(config.host, '127.0.0.1');
    assert.throws(() => parseReceiverCli(['--host', '0.0.0.0']), ReceiverUsageError);
    assert.match(parseReceiverCli(['--host', '0.0.0.0', '--allow-remote']).remoteWarning ?? '', /anyone who can reach/);
    assert.throws(() => parseReceiverCli(['--route', 'message/recieve=http://h/']), /Invalid --route/);
    assert.deepEqual(parseReceiverCli(['--allowed-host', 'Abc.Ngrok.App']).allowedHosts, ['abc.ngrok.app']);
    assert.throws(() => parseReceiverCli(['--allowed-host', '']), /--allowed-host: it must not be empty/);
  });
});

describe('npm run receiver (the terminal): a run', () => {
  it("forwards, prints one line per capture with the handler's status and time, and stops on Ctrl-C", async function () {
    this.timeout(20_000);
    const handler = await startRecordingServer((_req, res) => res.writeHead(201).end('made'));
    const child = spawn(
      process.execPath,
      [path.resolve(__dirname, '../../dist/receiver-cli.js'), '--port', '0', '--forward', handler.url],
      { stdio: 'pipe' },
    );
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
      });
      const seen = async (pattern: RegExp): Promise<RegExpExecArray> => {
        for (let waited = 0; waited < 10_000; waited += 50) {
          const match = pattern.exec(output);
          if (match) return match;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no ${pattern.source} in ${output}`);
      };
      const url = (await seen(/Receiver listening on (http:\/\/127\.0\.0\.1:\d+\/)/))[1] ?? '';
      const answer = await fetch(new URL('zipwhip/message/receive', url), {
        method: 'POST',
        body: '{"id":1}',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(answer.status, 201);
      assert.equal(await answer.text(), 'made');
      await seen(
        /POST \/zipwhip\/message\/receive \[message:receive\] 8 B → http:\/\/127\.0\.0\.1:\d+\/zipwhip\/message\/receive 201 \d+ ms/,
      );
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => {
          resolve(code);
        }),
      );
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
      await handler.close();
    }
  });
});
