import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { ZipwhipClient } from '../../src/api/client';
import { parseCli, UsageError } from '../../src/sandbox/cliRunner';

// The tests run from out/unit; the CLI bundle is dist/sandbox-cli.js (built by `node esbuild.js --tests`).
const CLI = path.resolve(__dirname, '../../dist/sandbox-cli.js');

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  readonly stderr: string[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[]): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.push(chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  return { child, lines, stderr, exit };
}

async function firstLines(running: Running, count: number, timeoutMs = 4000): Promise<string[]> {
  const started = Date.now();
  while (running.lines.length < count) {
    if (running.child.exitCode !== null) {
      assert.fail(`the CLI exited with ${running.child.exitCode}: ${running.stderr.join('')}`);
    }
    if (Date.now() - started > timeoutMs) {
      assert.fail(`no output after ${timeoutMs} ms: ${JSON.stringify(running.lines)} ${running.stderr.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return running.lines.slice(0, count);
}

describe('sandbox CLI (dist/sandbox-cli.js)', function () {
  this.timeout(8000);
  const children: ChildProcessWithoutNullStreams[] = [];

  before(function () {
    assert.ok(existsSync(CLI), `${CLI} is missing: run node esbuild.js --tests first`);
  });

  afterEach(() => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  });

  function start(args: string[]): Running {
    const running = run(args);
    children.push(running.child);
    return running;
  }

  it('--port 0 prints the real URL, the credentials and the control token, serves the API, and stops on SIGTERM', async () => {
    const running = start(['--port', '0', '--username', '2065550199', '--password', 's3cret-pw', '--big-ids']);
    const [listening, credentials, tokenLine] = await firstLines(running, 3);
    const match = /^Sandbox listening on (http:\/\/127\.0\.0\.1:(\d+)\/)$/.exec(listening ?? '');
    assert.ok(match, listening);
    assert.notEqual(match[2], '0');
    assert.equal(credentials, 'Username: 2065550199  Password: s3cret-pw');
    const token = /^Control token: ([A-Za-z0-9_-]{32,})$/.exec(tokenLine ?? '')?.[1];
    assert.ok(token, tokenLine);

    // The printed token opens the control routes; another does not.
    const state = (header: string): Promise<number> =>
      request(new URL('__sandbox/state?username=2065550199', match[1]), { headers: { 'x-sandbox-token': header } }).then(async (res) => {
        await res.body.dump();
        return res.statusCode;
      });
    assert.equal(await state(token), 200);
    assert.equal(await state(`${token}0`), 403);

    const client = new ZipwhipClient({ baseUrl: match[1] ?? '', timeoutMs: 3000 });
    const key = await client.login('2065550199', 's3cret-pw');
    const hooks = await client.listWebhooks(key);
    assert.deepEqual(
      hooks.map((h) => h.webhookId),
      ['1327295480212647936', '1327295480212647937', '1327295480212647938'],
    );

    running.child.kill('SIGTERM');
    const { code } = await running.exit;
    assert.equal(code, 0);
    const refused = await client.listWebhooks(key).then(
      () => 'answered',
      (error: unknown) => (error as { failure?: string }).failure,
    );
    assert.equal(refused, 'refused');
  });

  it('--no-seed starts with no hooks; SIGINT stops it too', async () => {
    const running = start(['--port', '0', '--no-seed']);
    const [listening, credentials] = await firstLines(running, 3);
    assert.equal(credentials, 'Username: 4257772300  Password: sandbox');
    const url = (listening ?? '').replace('Sandbox listening on ', '');
    const client = new ZipwhipClient({ baseUrl: url, timeoutMs: 3000 });
    assert.deepEqual(await client.listWebhooks(await client.login('4257772300', 'sandbox')), []);
    running.child.kill('SIGINT');
    assert.equal((await running.exit).code, 0);
  });

  for (const args of [['--bogus'], ['--port', 'eighty'], ['--port', '70000'], ['extra'], ['--host', '0.0.0.0', '--port', '0']]) {
    it(`${args.join(' ')}: one clear line on stderr and exit code 2`, async () => {
      const running = start(args);
      const { code } = await running.exit;
      assert.equal(code, 2);
      const text = running.stderr.join('');
      assert.equal(text.trim().split('\n').length, 1, text);
      assert.match(text, /^sandbox-cli: /);
      assert.deepEqual(running.lines, []);
    });
  }

  it('--help explains the control token, --allow-remote and the output lines', async () => {
    const running = start(['--help']);
    assert.equal((await running.exit).code, 0);
    const text = running.lines.join('\n');
    assert.match(text, /--allow-remote/);
    assert.match(text, /Control token: <token>/);
    assert.match(text, /X-Sandbox-Token/);
    assert.match(text, /field named token/);
  });

  it('parseCli refuses a non-loopback --host without --allow-remote, and warns with it', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'my-laptop.lan', '127.0.0.1.evil.example', '::ffff:127.0.0.1']) {
      assert.throws(
        () => parseCli(['--host', host]),
        (error: unknown) => error instanceof UsageError && /--allow-remote/.test(error.message),
        host,
      );
      const config = parseCli(['--host', host, '--allow-remote']);
      assert.equal(config.options.host, host);
      assert.equal(config.warnings.length, 1, host);
      assert.match(
        config.warnings[0] ?? '',
        new RegExp(`^warning: listening on ${host.replace(/[.]/g, '\\.')}, which other machines may reach`),
      );
    }
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST']) {
      assert.deepEqual(parseCli(['--host', host]).warnings, [], host);
      assert.deepEqual(parseCli(['--host', host, '--allow-remote']).warnings, [], `${host} with --allow-remote`);
    }
  });

  it('parseCli: defaults and flags', () => {
    const defaults = parseCli([]);
    assert.deepEqual(defaults.options, {
      port: 8123,
      host: '127.0.0.1',
      accounts: [{ username: '4257772300', password: 'sandbox' }],
      seed: true,
      bigIds: false,
      basePath: '/',
    });
    const custom = parseCli(['--port', '0', '--base-path', '/api', '--no-seed', '--big-ids', '--password', 'x']);
    assert.equal(custom.options.port, 0);
    assert.equal(custom.options.basePath, '/api');
    assert.equal(custom.options.seed, false);
    assert.equal(custom.options.bigIds, true);
    assert.equal(custom.password, 'x');
    assert.deepEqual(parseCli(['--allowed-host', 'Box.Example', '--allowed-host', 'tunnel.example:443']).options.allowedHosts, [
      'box.example',
      'tunnel.example:443',
    ]);
    assert.throws(() => parseCli(['--allowed-host', ' ']), /--allowed-host: it must not be empty/);
    assert.throws(() => parseCli(['--port']), UsageError);
    assert.throws(() => parseCli(['--username', '']), /must not be empty/);
  });
});
