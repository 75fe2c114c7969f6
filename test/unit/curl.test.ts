import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { shellQuote, toCurl, type CurlRequest } from '../../src/deliveries/curl';
import { startRecordingServer } from './helpers/recordingServer';

const execFileAsync = promisify(execFile);

/**
 * Runs the command in a real shell with `curl` replaced by a function that writes each argument as
 * `A<arg>\0`, then `S` and whatever arrived on stdin. So the test sees exactly what curl would receive.
 */
function argsSeenByShell(command: string, shell = 'sh'): { args: string[]; stdin: Buffer } {
  const fake = `curl() { for a in "$@"; do printf 'A%s\\0' "$a"; done; printf S; cat; }\n`;
  const out = execFileSync(shell, ['-c', `${fake}${command}`], { input: '' });
  const args: string[] = [];
  let at = 0;
  while (out[at] === 0x41 /* A */) {
    const end = out.indexOf(0, at);
    args.push(out.subarray(at + 1, end).toString('utf8'));
    at = end + 1;
  }
  assert.equal(out[at], 0x53 /* S */, `unexpected output: ${out.toString()}`);
  return { args, stdin: out.subarray(at + 1) };
}

const NASTY = `it's "quoted" $HOME \`whoami\` $(id) \\n back\\slash\nnew line\ttab 'héllo' 👍 !history`;

describe('toCurl', function () {
  // These tests start real shells and curl: on a loaded 2-core machine a start can take seconds.
  this.timeout(15_000);

  it('writes the expected command text', () => {
    const command = toCurl({
      method: 'post',
      url: 'https://hooks.example/zw/receive',
      headers: { 'Content-Type': 'application/json;charset=UTF-8' },
      body: '{"a":1}',
    });
    assert.equal(
      command,
      "curl \\\n  -X 'POST' \\\n  'https://hooks.example/zw/receive' \\\n  -H 'Content-Type: application/json;charset=UTF-8' \\\n  --data-binary '{\"a\":1}'",
    );
    assert.equal(toCurl({ method: 'GET', url: 'http://h/x?a=1&b=2' }, { multiline: false }), "curl -X 'GET' 'http://h/x?a=1&b=2'");
  });

  it("quotes a single quote as '\\''", () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(''), "''");
  });

  for (const shell of ['sh', 'bash']) {
    it(`passes quotes, newlines, $, backticks and unicode through ${shell} unchanged`, () => {
      const request: CurlRequest = {
        method: 'PUT',
        url: "https://h.example/p?q=$HOME&x='y'",
        headers: { 'X-Odd': NASTY.replace(/\n/g, ' '), 'User-Agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)' },
        body: NASTY,
      };
      for (const multiline of [true, false]) {
        const { args, stdin } = argsSeenByShell(toCurl(request, { multiline }), shell);
        assert.deepEqual(args, [
          '-X',
          'PUT',
          "https://h.example/p?q=$HOME&x='y'",
          '-H',
          `X-Odd: ${NASTY.replace(/\n/g, ' ')}`,
          '-H',
          'User-Agent: Apache-HttpClient/4.5.7 (Java/1.8.0_201)',
          '--data-binary',
          NASTY,
        ]);
        assert.equal(stdin.length, 0);
      }
    });
  }

  it('sends an empty body as an empty argument, and a GET without one', () => {
    assert.deepEqual(argsSeenByShell(toCurl({ method: 'POST', url: 'http://h/', body: '' })).args, [
      '-X',
      'POST',
      'http://h/',
      '--data-binary',
      '',
    ]);
    assert.deepEqual(argsSeenByShell(toCurl({ method: 'GET', url: 'http://h/?id=1' })).args, ['-X', 'GET', 'http://h/?id=1']);
  });

  it('writes an empty header value the way curl sends one (Name;), and turns off URL globbing for []{}', () => {
    const { args } = argsSeenByShell(toCurl({ method: 'GET', url: 'http://h/a[1]{x}', headers: { 'X-Empty': '' } }));
    assert.deepEqual(args, ['-X', 'GET', '--globoff', 'http://h/a[1]{x}', '-H', 'X-Empty;']);
  });

  it('sends a body starting with @ (which curl would read as a file name) and binary bytes through stdin', () => {
    const at = argsSeenByShell(toCurl({ method: 'POST', url: 'http://h/', body: '@/etc/passwd' }));
    assert.deepEqual(at.args, ['-X', 'POST', 'http://h/', '--data-binary', '@-']);
    assert.equal(at.stdin.toString('utf8'), '@/etc/passwd');

    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const binary = argsSeenByShell(toCurl({ method: 'POST', url: 'http://h/', body: bytes }, { multiline: false }));
    assert.deepEqual(binary.args.slice(-2), ['--data-binary', '@-']);
    assert.deepEqual([...binary.stdin], [...bytes]);
  });

  for (const shell of ['bash', 'dash']) {
    it(`sends a binary body starting with - (which printf would take as an option) intact through ${shell}`, function () {
      try {
        execFileSync(shell, ['-c', 'true']);
      } catch {
        this.skip();
      }
      for (const bytes of [
        Uint8Array.from([0x2d, 0x76, 0x00, 0xff, 0x2d]),
        Uint8Array.from([0x2d, 0x2d, 0x0a, 0x80]),
        Uint8Array.from([0x2d, 0x00]),
      ]) {
        for (const multiline of [true, false]) {
          const seen = argsSeenByShell(toCurl({ method: 'POST', url: 'http://h/', body: bytes }, { multiline }), shell);
          assert.deepEqual(seen.args.slice(-2), ['--data-binary', '@-']);
          assert.deepEqual([...seen.stdin], [...bytes], `${shell}, ${multiline ? 'multiline' : 'one line'}`);
        }
      }
      // Text starting with - is an ordinary argument.
      assert.deepEqual(argsSeenByShell(toCurl({ method: 'POST', url: 'http://h/', body: '-v --x' }), shell).args.slice(-2), [
        '--data-binary',
        '-v --x',
      ]);
    });
  }

  it('makes a command that real curl runs, delivering the exact body and headers', async function () {
    try {
      execFileSync('curl', ['--version']);
    } catch {
      this.skip();
    }
    const receiver = await startRecordingServer((_req, res) => res.end());
    try {
      const command = toCurl({
        method: 'PATCH',
        url: `${receiver.url}hook?a=1`,
        headers: { 'Content-Type': 'text/plain', 'X-Quote': "it's" },
        body: NASTY,
      });
      await execFileAsync('sh', ['-c', `${command} --silent --show-error`]);
      const seen = receiver.seen[0];
      assert.ok(seen);
      assert.equal(seen.method, 'PATCH');
      assert.equal(seen.url, '/hook?a=1');
      assert.equal(seen.headers['x-quote'], "it's");
      assert.equal(seen.body.toString('utf8'), NASTY);
    } finally {
      await receiver.close();
    }
  });
});
