// What keeps the sandbox from being a tool for others: the control token, the Host check, no target bodies
// in the fire answer, the hook cap, and the connection limits and time-outs of listenHttp.
import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { SandboxServer } from '../../src/sandbox/server';
import { envelope, getQuery, postForm, startRawServer, type FormFields, type RawResponse } from './helpers/http';

const ACCOUNT = { username: '4257772300', password: 'pw' };

interface RawOptions {
  readonly method?: string;
  readonly path: string;
  readonly host?: string;
  readonly headers?: Record<string, string>;
  readonly fields?: FormFields;
}

/** One request with node:http, so the Host header can be anything. */
function rawRequest(port: number, options: RawOptions): Promise<RawResponse> {
  const body = new URLSearchParams(options.fields ?? {}).toString();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path,
        agent: false,
        headers: {
          host: options.host ?? `127.0.0.1:${port}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function portOf(baseUrl: string): number {
  return Number(new URL(baseUrl).port);
}

describe('sandbox security', function () {
  this.timeout(8000);
  let sandbox: SandboxServer;
  let base: string;

  beforeEach(async () => {
    sandbox = new SandboxServer({ accounts: [ACCOUNT], deliveryRetry: { attempts: 2, sleep: () => Promise.resolve() } });
    base = await sandbox.start();
  });

  afterEach(async () => {
    await sandbox.stop();
  });

  async function login(): Promise<string> {
    return envelope(await postForm(base, 'user/login', ACCOUNT)).response as string;
  }

  describe('control token', () => {
    /** Each control route with fields that work once the token is right, and what proves it ran. */
    const routes: [string, 'GET' | 'POST', FormFields, () => boolean][] = [
      ['__sandbox/fault', 'POST', { kind: 'status500' }, () => sandbox.pendingFaults === 1],
      ['__sandbox/state', 'GET', { username: ACCOUNT.username }, () => true],
      ['__sandbox/fire', 'POST', { username: ACCOUNT.username, type: 'message', event: 'read' }, () => true],
    ];

    it('is url-safe, long, and new at every start', async () => {
      const first = sandbox.controlToken;
      assert.match(first, /^[A-Za-z0-9_-]{32,}$/);
      await sandbox.stop();
      assert.throws(() => sandbox.controlToken, /not running/);
      base = await sandbox.start();
      assert.notEqual(sandbox.controlToken, first);
      const stale = await postForm(base, '__sandbox/fault', { kind: 'status500', token: first });
      assert.equal(stale.status, 403);
      assert.equal(sandbox.pendingFaults, 0);
    });

    for (const [route, method, fields, ran] of routes) {
      it(`${route}: 403 without it or with a wrong one, nothing done; works by header and by field`, async () => {
        const port = portOf(base);
        const send = (extra: { fields?: FormFields; headers?: Record<string, string> }): Promise<RawResponse> =>
          rawRequest(port, {
            method,
            path: `/${route}`,
            fields: { ...fields, ...extra.fields },
            ...(extra.headers ? { headers: extra.headers } : {}),
          });

        const missing = await send({});
        assert.equal(missing.status, 403);
        assert.match(String(envelope(missing).response), /control token.*X-Sandbox-Token.*token field/);
        for (const wrong of [
          { fields: { token: 'wrong' } },
          { headers: { 'x-sandbox-token': `${sandbox.controlToken}x` } },
          { fields: { token: '' } },
        ]) {
          const res = await send(wrong);
          assert.equal(res.status, 403, JSON.stringify(wrong));
          assert.equal(envelope(res).success, false);
        }
        assert.equal(sandbox.pendingFaults, 0, 'nothing was injected');

        const byHeader = await send({ headers: { 'X-Sandbox-Token': sandbox.controlToken } });
        assert.equal(byHeader.status, 200, byHeader.text);
        assert.ok(ran());
        sandbox.clearFaults();
        const byField =
          method === 'GET'
            ? await getQuery(base, route, { ...fields, token: sandbox.controlToken })
            : await postForm(base, route, { ...fields, token: sandbox.controlToken });
        assert.equal(byField.status, 200, byField.text);
        assert.equal(envelope(byField).success, true);
      });
    }

    it('the Zipwhip calls need no token', async () => {
      const session = await login();
      assert.equal((await postForm(base, 'webhook/list', { session })).status, 200);
    });
  });

  describe('Host header', () => {
    it('refuses another name, a look-alike, and the right host at another port: 403, nothing done', async () => {
      const port = portOf(base);
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost']) {
        const login = await rawRequest(port, { path: '/user/login', host, fields: ACCOUNT });
        assert.equal(login.status, 403, host);
        assert.match(String(envelope(login).response), /Host/);
        const fault = await rawRequest(port, { path: '/__sandbox/fault', host, fields: { kind: 'drop', token: sandbox.controlToken } });
        assert.equal(fault.status, 403, host);
      }
      assert.equal(sandbox.sessionsIssued(ACCOUNT.username), 0);
      assert.equal(sandbox.pendingFaults, 0);
      assert.equal(sandbox.requestLog.length, 0, 'refused before anything was done');
    });

    it('accepts 127.0.0.1:PORT and localhost:PORT', async () => {
      const port = portOf(base);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
        const res = await rawRequest(port, { path: '/user/login', host, fields: ACCOUNT });
        assert.equal(res.status, 200, host);
      }
      assert.equal(sandbox.sessionsIssued(ACCOUNT.username), 3);
    });

    it('accepts an allowed name (any port, or the one given), and still refuses the rest', async () => {
      const allowing = new SandboxServer({ accounts: [ACCOUNT], allowedHosts: ['box.example', 'tunnel.example:443'] });
      const port = portOf(await allowing.start());
      try {
        for (const host of ['box.example', `box.example:${port}`, 'tunnel.example:443']) {
          assert.equal((await rawRequest(port, { path: '/user/login', host, fields: ACCOUNT })).status, 200, host);
        }
        for (const host of ['tunnel.example', `tunnel.example:${port}`, 'evil.example', 'sub.box.example']) {
          assert.equal((await rawRequest(port, { path: '/user/login', host, fields: ACCOUNT })).status, 403, host);
        }
        assert.equal(allowing.sessionsIssued(ACCOUNT.username), 3);
      } finally {
        await allowing.stop();
      }
    });
  });

  it('the fire answer carries no byte of what the target answered', async () => {
    const SECRET = 'internal-secret-7f3a9c';
    const target = await startRawServer((request, res) => {
      const failing = request.url === '/fails';
      res.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain', 'x-internal': SECRET });
      res.end(`${SECRET} ${request.url}`);
    });
    try {
      const session = await login();
      await postForm(base, 'webhook/add', { session, type: 'message', event: 'send', url: `${target.baseUrl}ok` });
      await postForm(base, 'webhook/add', { session, type: 'message', event: 'send', url: `${target.baseUrl}fails` });
      const res = await postForm(base, '__sandbox/fire', {
        username: ACCOUNT.username,
        type: 'message',
        event: 'send',
        token: sandbox.controlToken,
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(target.seen.length, 3, 'one delivery, one failed delivery and its retry');
      assert.ok(!res.text.includes(SECRET), res.text);
      assert.ok(!res.text.includes('responseHead'), res.text);
      const reports = envelope(res).response as { url: string; status: number; attempts: { status: number; durationMs: number }[] }[];
      assert.deepEqual(reports.map((r) => [r.url, r.status, r.attempts.map((a) => a.status)]).sort(), [
        [`${target.baseUrl}fails`, 500, [500, 500]],
        [`${target.baseUrl}ok`, 200, [200]],
      ]);
      assert.ok(reports.every((r) => r.attempts.every((a) => typeof a.durationMs === 'number')));
    } finally {
      await target.close();
    }
  });

  it('webhook/add refuses the 101st hook with a clear envelope; the list is unchanged', async () => {
    const session = await login();
    for (let i = sandbox.hooks(ACCOUNT.username).length; i < 100; i++) {
      const res = await postForm(base, 'webhook/add', { session, type: 'message', event: 'receive', url: `https://a.example/${i}` });
      assert.equal(res.status, 200, res.text);
    }
    const before = (await postForm(base, 'webhook/list', { session })).text;
    const refused = await postForm(base, 'webhook/add', { session, type: 'message', event: 'receive', url: 'https://a.example/101' });
    assert.equal(refused.status, 400);
    assert.equal(refused.text, '{"success":false,"response":{"code":-1,"desc":"A line can have at most 100 hooks."}}');
    assert.equal((await postForm(base, 'webhook/list', { session })).text, before);
    assert.equal(sandbox.hooks(ACCOUNT.username).length, 100);
  });
});

describe('sandbox connection limits (through listenHttp)', function () {
  this.timeout(8000);
  const sockets: Socket[] = [];

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });

  function open(port: number): Promise<{ socket: Socket; closed: Promise<number> }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      socket.on('data', () => undefined);
      const closed = new Promise<number>((done) =>
        socket.once('close', () => {
          done(Date.now() - started);
        }),
      );
      socket.once('connect', () => {
        resolve({ socket, closed });
      });
      socket.once('error', reject);
    });
  }

  it('cuts a client that dribbles its headers within the headers time-out', async () => {
    const sandbox = new SandboxServer({ limits: { headersTimeoutMs: 300 } });
    const port = portOf(await sandbox.start());
    try {
      const { socket, closed } = await open(port);
      const received: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.write(`POST /user/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      let sent = 0;
      const dribble = setInterval(() => {
        if (!socket.destroyed && sent < 40) socket.write(`X-Dribble-${sent++}: a\r\n`);
      }, 100);
      const after = await Promise.race([
        closed,
        new Promise<number>((resolve) =>
          setTimeout(() => {
            resolve(-1);
          }, 3000),
        ),
      ]);
      clearInterval(dribble);
      assert.ok(after > 0 && after < 2000, `the connection was closed after ${after} ms`);
      assert.match(Buffer.concat(received).toString('latin1'), /^HTTP\/1\.1 408/);
    } finally {
      await sandbox.stop();
    }
  });

  it('closes connections beyond maxConnections; the ones within the limit are served', async () => {
    const sandbox = new SandboxServer({ accounts: [ACCOUNT], limits: { maxConnections: 2 } });
    const base = await sandbox.start();
    const port = portOf(base);
    try {
      const held = [await open(port), await open(port)];
      const extra = [await open(port), await open(port)];
      const closedExtra = await Promise.all(
        extra.map((c) =>
          Promise.race([
            c.closed,
            new Promise<number>((resolve) =>
              setTimeout(() => {
                resolve(-1);
              }, 2000),
            ),
          ]),
        ),
      );
      assert.ok(
        closedExtra.every((ms) => ms >= 0),
        `extra connections closed after ${closedExtra.join(', ')} ms`,
      );
      assert.ok(
        held.every((c) => !c.socket.destroyed),
        'the first two stay open',
      );
      // One held connection still gets an answer.
      const first = held[0];
      assert.ok(first);
      const answer = new Promise<string>((resolve) =>
        first.socket.once('data', (chunk: Buffer) => {
          resolve(chunk.toString('latin1'));
        }),
      );
      first.socket.write(
        `GET /user/login?username=${ACCOUNT.username}&password=${ACCOUNT.password} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      );
      assert.match(await answer, /^HTTP\/1\.1 200/);
      for (const c of held) c.socket.destroy();
      await Promise.all(held.map((c) => c.closed));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal((await postForm(base, 'user/login', ACCOUNT)).status, 200, 'new connections are served once the held ones are gone');
    } finally {
      await sandbox.stop();
    }
  });
});
