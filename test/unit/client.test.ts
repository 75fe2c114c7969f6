import * as assert from 'node:assert/strict';
import { Agent } from 'undici';
import { normalizeBaseUrl } from '../../src/api/baseUrl';
import { MAX_ANSWER_BYTES, ZipwhipClient, type ClientOptions, type RequestLogEntry } from '../../src/api/client';
import { BAD_CREDENTIALS_MESSAGE } from '../../src/api/envelope';
import { classifyNetworkError } from '../../src/api/networkErrors';
import { WITHHELD, scrubSecrets } from '../../src/api/redact';
import { ApiError, CancelledError, NetworkError, SessionRejectedError, UnexpectedResponseError, ZipwhipError } from '../../src/api/errors';
import type { Webhook } from '../../src/model/webhook';
import { SandboxServer, type SandboxFault } from '../../src/sandbox/server';
import { rejection, reply, startRawServer, type RawServer } from './helpers/http';
import { startRecordingServer } from './helpers/recordingServer';

const USERNAME = '4257772300';
const PASSWORD = 'sandbox-secret-pw';
const KEY_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d+$/;

const SEEDED: readonly Omit<Webhook, 'webhookId'>[] = [
  { type: 'message', event: 'receive', url: 'https://example.com/zipwhip/message/receive', method: 'POST' },
  { type: 'message', event: 'progress', url: 'https://example.com/zipwhip/message/progress', method: 'PUT' },
  { type: 'optout', event: 'change', url: 'http://localhost:3000/optout', method: 'POST' },
];

function withoutId(hook: Webhook): Omit<Webhook, 'webhookId'> {
  return { type: hook.type, event: hook.event, url: hook.url, method: hook.method };
}

/** Asserts the error class and that no secret leaks through message, detail or stack. */
function assertClean(error: unknown, secrets: readonly string[]): asserts error is ZipwhipError {
  assert.ok(error instanceof ZipwhipError, `not a ZipwhipError: ${String(error)}`);
  const texts = [error.message, error.stack ?? ''];
  if (error instanceof UnexpectedResponseError) {
    texts.push(error.detail);
  }
  for (const secret of secrets) {
    for (const text of texts) {
      assert.ok(!text.includes(secret), `secret leaked into: ${text}`);
    }
  }
}

describe('ZipwhipClient against the sandbox', function () {
  this.timeout(5000);
  let sandbox: SandboxServer;
  let agent: Agent;
  let log: RequestLogEntry[];

  const client = (options: Partial<ClientOptions> = {}): ZipwhipClient =>
    new ZipwhipClient({
      baseUrl: sandbox.baseUrl,
      timeoutMs: 3000,
      dispatcher: agent,
      onRequest: (entry) => log.push(entry),
      ...options,
    });

  beforeEach(async () => {
    sandbox = new SandboxServer({ accounts: [{ username: USERNAME, password: PASSWORD }] });
    await sandbox.start();
    agent = new Agent();
    log = [];
  });

  afterEach(async () => {
    await sandbox.stop();
    await agent.close();
  });

  it('logs in: a fresh <uuid>:<deviceId> key that the sandbox knows', async () => {
    const key = await client().login(USERNAME, PASSWORD);
    assert.match(key, KEY_SHAPE);
    assert.equal(key.split(':')[1], sandbox.deviceId(USERNAME));
    assert.equal(sandbox.sessionsIssued(USERNAME), 1);
    assert.equal(sandbox.isSessionValid(key), true);
    assert.equal(log.length, 1);
    const entry = log[0];
    assert.ok(entry);
    assert.equal(entry.path, 'user/login');
    assert.equal(entry.status, 200);
    assert.equal(entry.outcome, 'ok');
    assert.equal(entry.method, 'POST');
    assert.ok(entry.durationMs >= 0);
  });

  it('refuses a wrong password with a clear ApiError that does not echo it', async () => {
    const error = await rejection(client().login(USERNAME, 'wrong-password-123'));
    assertClean(error, ['wrong-password-123']);
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, BAD_CREDENTIALS_MESSAGE);
    assert.equal(error.status, 400);
    assert.equal(sandbox.sessionsIssued(USERNAME), 0);
    assert.deepEqual(
      log.map((e) => [e.path, e.outcome, e.status]),
      [['user/login', 'api', 400]],
    );
  });

  it('lists the seeded hooks of the line', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const hooks = await c.listWebhooks(key);
    assert.deepEqual(hooks.map(withoutId), SEEDED);
    assert.deepEqual(hooks, sandbox.hooks(USERNAME));
    for (const hook of hooks) {
      assert.match(hook.webhookId, /^\d+$/);
    }
  });

  it('adds a hook (method defaults to POST) and the sandbox stores it', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const added = await c.addWebhook(key, { type: 'message', event: 'send', url: 'https://hooks.example/send' });
    assert.deepEqual(withoutId(added), { type: 'message', event: 'send', url: 'https://hooks.example/send', method: 'POST' });
    const put = await c.addWebhook(key, { type: 'message', event: 'read', url: 'https://hooks.example/read', method: 'PUT' });
    assert.equal(put.method, 'PUT');
    const state = sandbox.hooks(USERNAME);
    assert.equal(state.length, 5);
    assert.deepEqual(state[3], added);
    assert.deepEqual(state[4], put);
    assert.notEqual(added.webhookId, put.webhookId);
  });

  it('updates url and method of a hook, and only those', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const [first] = await c.listWebhooks(key);
    assert.ok(first);
    const updated = await c.updateWebhook(key, first.webhookId, { url: 'https://new.example/in', method: 'GET' });
    assert.deepEqual(updated, { ...first, url: 'https://new.example/in', method: 'GET' });
    assert.deepEqual(sandbox.hooks(USERNAME)[0], updated);
    const onlyMethod = await c.updateWebhook(key, first.webhookId, { method: 'PUT' });
    assert.deepEqual(onlyMethod, { ...updated, method: 'PUT' });
  });

  it('deletes a hook', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const before = await c.listWebhooks(key);
    const victim = before[1];
    assert.ok(victim);
    await c.deleteWebhook(key, victim.webhookId);
    assert.deepEqual(
      sandbox.hooks(USERNAME).map((h) => h.webhookId),
      before.filter((h) => h !== victim).map((h) => h.webhookId),
    );
    assert.deepEqual(
      log.map((e) => e.path),
      ['user/login', 'webhook/list', 'webhook/delete'],
    );
  });

  it('logs out: the key is revoked and then rejected with SessionRejectedError', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    await c.logout(key);
    assert.equal(sandbox.isSessionValid(key), false);
    const error = await rejection(c.listWebhooks(key));
    assertClean(error, [key]);
    assert.ok(error instanceof SessionRejectedError);
    assert.equal(error.status, 403);
    assert.equal(log.at(-1)?.outcome, 'sessionRejected');
  });

  it('maps bad arguments to ApiError "Wrong arguments (code -703)"', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const error = await rejection(c.addWebhook(key, { type: 'message', event: 'receive', url: 'not a url' }));
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, 'Wrong arguments (code -703)');
    assert.equal(error.code, -703);
    assert.equal(error.status, 400);
    const missing = await rejection(c.deleteWebhook(key, '999'));
    assert.ok(missing instanceof ApiError);
    assert.equal(missing.code, -703);
    assert.equal(sandbox.hooks(USERNAME).length, 3);
  });

  it('sends the key only in form bodies: no URL the sandbox saw contains it', async () => {
    const c = client();
    const key = await c.login(USERNAME, PASSWORD);
    const hook = await c.addWebhook(key, { type: 'optout', event: 'change', url: 'https://x.example/o' });
    await c.updateWebhook(key, hook.webhookId, { url: 'https://x.example/o2' });
    await c.listWebhooks(key);
    await c.deleteWebhook(key, hook.webhookId);
    await c.logout(key);
    const seen = sandbox.requestLog;
    assert.deepEqual(
      seen.map((r) => `${r.method} ${r.url}`),
      ['user/login', 'webhook/add', 'webhook/update', 'webhook/list', 'webhook/delete', 'user/logout'].map((p) => `POST /${p}`),
    );
    const uuid = key.split(':')[0] ?? key;
    for (const entry of seen) {
      assert.ok(!entry.url.includes(uuid), entry.url);
      assert.ok(!entry.url.includes(PASSWORD), entry.url);
    }
    const logged = JSON.stringify(log);
    assert.ok(!logged.includes(uuid));
    assert.ok(!logged.includes(PASSWORD));
  });

  it('normalises the base URL: with or without a trailing slash, with a base path', async () => {
    const plain = sandbox.baseUrl.replace(/\/$/, '');
    assert.ok(!plain.endsWith('/'));
    const key = await client({ baseUrl: plain }).login(USERNAME, PASSWORD);
    assert.match(key, KEY_SHAPE);

    const nested = new SandboxServer({ basePath: '/api', accounts: [{ username: 'user-1', password: 'pass-word-1' }] });
    const url = await nested.start();
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
      for (const base of [url, url.replace(/\/$/, ''), `${url}?x=1#frag`]) {
        const c = client({ baseUrl: base });
        const k = await c.login('user-1', 'pass-word-1');
        assert.equal((await c.listWebhooks(k)).length, 3);
      }
      assert.ok(nested.requestLog.every((r) => r.path.startsWith('/api/') && !r.url.includes('?')));
    } finally {
      await nested.stop();
    }
    assert.equal(normalizeBaseUrl('http://127.0.0.1:8123')?.href, 'http://127.0.0.1:8123/');
    assert.equal(normalizeBaseUrl('https://h.example/api?q=1')?.href, 'https://h.example/api/');
    assert.equal(normalizeBaseUrl('ftp://h.example/'), undefined);
    assert.equal(normalizeBaseUrl('not a url'), undefined);
  });

  it('works with the global dispatcher too', async () => {
    const c = new ZipwhipClient({ baseUrl: sandbox.baseUrl, timeoutMs: 3000 });
    const key = await c.login(USERNAME, PASSWORD);
    assert.equal((await c.listWebhooks(key)).length, 3);
  });

  it('an invalid base URL fails every call with NetworkError "other", not a TypeError', async () => {
    const c = new ZipwhipClient({ baseUrl: 'no-scheme', timeoutMs: 1000, onRequest: (e) => log.push(e) });
    const error = await rejection(c.login(USERNAME, PASSWORD));
    assertClean(error, [PASSWORD]);
    assert.ok(error instanceof NetworkError);
    assert.equal(error.failure, 'other');
    assert.match(error.message, /no-scheme/);
    assert.deepEqual(
      log.map((e) => [e.outcome, 'status' in e]),
      [['network', false]],
    );
  });

  it('a throwing onRequest does not change the outcome', async () => {
    const c = client({
      onRequest: () => {
        throw new Error('logger broke');
      },
    });
    assert.match(await c.login(USERNAME, PASSWORD), KEY_SHAPE);
  });

  describe('lossless ids (bigIds mode)', () => {
    let big: SandboxServer;
    beforeEach(async () => {
      big = new SandboxServer({ bigIds: true, accounts: [{ username: USERNAME, password: PASSWORD }] });
      await big.start();
    });
    afterEach(async () => {
      await big.stop();
    });

    it('lists ids above 2^53 exactly and updates/deletes with them', async () => {
      const c = client({ baseUrl: big.baseUrl });
      const key = await c.login(USERNAME, PASSWORD);
      const hooks = await c.listWebhooks(key);
      assert.deepEqual(
        hooks.map((h) => h.webhookId),
        ['1327295480212647936', '1327295480212647937', '1327295480212647938'],
      );
      const updated = await c.updateWebhook(key, '1327295480212647937', { url: 'https://big.example/p' });
      assert.equal(updated.webhookId, '1327295480212647937');
      assert.equal(big.hooks(USERNAME)[1]?.url, 'https://big.example/p');
      assert.equal(big.hooks(USERNAME)[0]?.url, SEEDED[0]?.url);
      await c.deleteWebhook(key, '1327295480212647938');
      assert.deepEqual(
        big.hooks(USERNAME).map((h) => h.webhookId),
        ['1327295480212647936', '1327295480212647937'],
      );
      const added = await c.addWebhook(key, { type: 'message', event: 'delete', url: 'https://big.example/d' });
      assert.equal(added.webhookId, '1327295480212647939');
    });
  });

  describe('faults', () => {
    const cases: { fault: SandboxFault; check: (error: ZipwhipError) => void }[] = [
      {
        fault: { kind: 'status500' },
        check: (e) => {
          assert.ok(e instanceof ApiError);
          assert.equal(e.status, 500);
          assert.equal(e.message, 'The Zipwhip server reported an error (HTTP 500).');
        },
      },
      {
        fault: { kind: 'status403' },
        check: (e) => {
          assert.ok(e instanceof SessionRejectedError);
          assert.equal(e.status, 403);
        },
      },
      {
        fault: { kind: 'apiErrorString', message: 'Line is suspended' },
        check: (e) => {
          assert.ok(e instanceof ApiError);
          assert.equal(e.message, 'Line is suspended');
          assert.equal(e.status, 200);
        },
      },
      {
        fault: { kind: 'apiErrorObject', code: -42, desc: 'Quota exceeded' },
        check: (e) => {
          assert.ok(e instanceof ApiError);
          assert.equal(e.message, 'Quota exceeded (code -42)');
          assert.equal(e.code, -42);
          assert.equal(e.status, 400);
        },
      },
      {
        fault: { kind: 'notJson' },
        check: (e) => {
          assert.ok(e instanceof UnexpectedResponseError);
          assert.equal(e.status, 200);
          assert.equal(e.message, "The server's answer to webhook/list was not understood.");
          assert.match(e.detail, /not JSON/);
          assert.match(e.detail, /<html>/);
        },
      },
      {
        fault: { kind: 'drop' },
        check: (e) => {
          assert.ok(e instanceof NetworkError);
          assert.equal(e.failure, 'reset');
          assert.match(e.message, /127\.0\.0\.1:\d+/);
        },
      },
    ];

    for (const { fault, check } of cases) {
      it(`maps ${fault.kind} to the right error, without the key`, async () => {
        const c = client();
        const key = await c.login(USERNAME, PASSWORD);
        sandbox.injectFaults(fault);
        const error = await rejection(c.listWebhooks(key));
        assertClean(error, [key, PASSWORD]);
        check(error);
        assert.equal(log.at(-1)?.outcome, error.kind);
        // The fault was used up: the next call works.
        assert.equal((await c.listWebhooks(key)).length, 3);
      });
    }

    it('applies a fault to the next N calls only, then answers normally', async () => {
      const c = client();
      const key = await c.login(USERNAME, PASSWORD);
      sandbox.injectFaults({ kind: 'status500' }, 2);
      await rejection(c.listWebhooks(key));
      await rejection(c.addWebhook(key, { type: 'message', event: 'send', url: 'https://a.example/' }));
      assert.equal(sandbox.hooks(USERNAME).length, 3);
      assert.equal((await c.listWebhooks(key)).length, 3);
      assert.deepEqual(
        log.map((e) => `${e.path} ${e.outcome} ${String(e.status)}`),
        ['user/login ok 200', 'webhook/list api 500', 'webhook/add api 500', 'webhook/list ok 200'],
      );
    });

    it('scrubs a key or password that a server echoes in an error message', async () => {
      const c = client();
      const key = await c.login(USERNAME, PASSWORD);
      sandbox.injectFaults({ kind: 'apiErrorString', message: `Session ${key} is not allowed` });
      const error = await rejection(c.listWebhooks(key));
      assertClean(error, [key]);
      assert.equal(error.message, 'Session *** is not allowed');

      sandbox.injectFaults({ kind: 'apiErrorObject', code: -1, desc: `bad password ${PASSWORD}` });
      const loginError = await rejection(c.login(USERNAME, PASSWORD));
      assertClean(loginError, [PASSWORD]);
      assert.equal(loginError.message, 'bad password *** (code -1)');
    });

    it('times out a slow answer with NetworkError "timeout" within about timeoutMs', async () => {
      const c = client({ timeoutMs: 200 });
      const key = await c.login(USERNAME, PASSWORD);
      sandbox.injectFaults({ kind: 'slow', delayMs: 5000 });
      const started = Date.now();
      const error = await rejection(c.listWebhooks(key));
      const elapsed = Date.now() - started;
      assertClean(error, [key]);
      assert.ok(error instanceof NetworkError);
      assert.equal(error.failure, 'timeout');
      assert.match(error.message, /did not answer webhook\/list within 200 ms/);
      assert.ok(elapsed >= 150 && elapsed < 2000, `took ${elapsed} ms`);
    });

    it('a slow answer within the time-out still succeeds', async () => {
      const c = client({ timeoutMs: 2000 });
      const key = await c.login(USERNAME, PASSWORD);
      sandbox.injectFaults({ kind: 'slow', delayMs: 150 });
      const started = Date.now();
      assert.equal((await c.listWebhooks(key)).length, 3);
      assert.ok(Date.now() - started >= 140);
    });

    it('cancels on the caller signal with CancelledError', async () => {
      const c = client({ timeoutMs: 5000 });
      const key = await c.login(USERNAME, PASSWORD);
      sandbox.injectFaults({ kind: 'slow', delayMs: 5000 });
      const controller = new AbortController();
      setTimeout(() => {
        controller.abort();
      }, 50);
      const started = Date.now();
      const error = await rejection(c.listWebhooks(key, controller.signal));
      assert.ok(error instanceof CancelledError, String(error));
      assert.ok(Date.now() - started < 2000);
      assert.equal(log.at(-1)?.outcome, 'cancelled');
    });

    it('an already aborted signal fails at once, without a request', async () => {
      const c = client();
      const before = sandbox.requestLog.length;
      const error = await rejection(c.login(USERNAME, PASSWORD, AbortSignal.abort()));
      assert.ok(error instanceof CancelledError);
      assert.equal(sandbox.requestLog.length, before);
    });
  });

  describe('network failures', () => {
    it('a closed port: NetworkError "refused", naming the host', async () => {
      const gone = new SandboxServer();
      const url = await gone.start();
      await gone.stop();
      const error = await rejection(client({ baseUrl: url }).login(USERNAME, PASSWORD));
      assertClean(error, [PASSWORD]);
      assert.ok(error instanceof NetworkError);
      assert.equal(error.failure, 'refused');
      assert.ok(error.message.includes(new URL(url).host), error.message);
    });

    it('an unknown host: NetworkError "dns", quickly', async function () {
      const started = Date.now();
      const error = await rejection(client({ baseUrl: 'http://nonexistent.invalid/', timeoutMs: 2500 }).login(USERNAME, PASSWORD));
      assert.ok(error instanceof NetworkError);
      if (error.failure === 'timeout') {
        this.skip(); // no resolver answers here; nothing to learn about DNS mapping
      }
      assert.equal(error.failure, 'dns');
      assert.match(error.message, /nonexistent\.invalid/);
      assert.ok(Date.now() - started < 2500);
    });

    it('classifies undici and node error codes', () => {
      const withCode = (code: string): Error => Object.assign(new Error('x'), { code });
      assert.equal(classifyNetworkError(withCode('ECONNREFUSED')), 'refused');
      assert.equal(classifyNetworkError(withCode('ECONNRESET')), 'reset');
      assert.equal(classifyNetworkError(withCode('UND_ERR_SOCKET')), 'reset');
      assert.equal(classifyNetworkError(withCode('ENOTFOUND')), 'dns');
      assert.equal(classifyNetworkError(withCode('EAI_AGAIN')), 'dns');
      assert.equal(classifyNetworkError(withCode('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
      assert.equal(classifyNetworkError(withCode('UND_ERR_CONNECT_TIMEOUT')), 'timeout');
      assert.equal(classifyNetworkError(withCode('CERT_HAS_EXPIRED')), 'tls');
      assert.equal(classifyNetworkError(withCode('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls');
      assert.equal(classifyNetworkError(withCode('ERR_TLS_CERT_ALTNAME_INVALID')), 'tls');
      assert.equal(classifyNetworkError(new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') })), 'refused');
      assert.equal(classifyNetworkError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])), 'refused');
      assert.equal(classifyNetworkError(new Error('weird')), 'other');
      assert.equal(classifyNetworkError('not even an error'), 'other');
    });

    it('scrubSecrets replaces raw and encoded forms, and anything shaped like a session key', () => {
      const key = 'abc-def:123';
      assert.equal(scrubSecrets(`k=${key}; e=${encodeURIComponent(key)}`, [key]), 'k=***; e=***');
      assert.equal(scrubSecrets('nothing here', ['', 'zz']), 'nothing here');
      const other = '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789';
      assert.equal(scrubSecrets(`a ${other} b ${encodeURIComponent(other)}`, []), 'a *** b ***');
    });
  });
});

describe('ZipwhipClient against hand-written answers', function () {
  this.timeout(5000);
  let raw: RawServer | undefined;
  let answer: (path: string) => { status: number; body: string; contentType?: string };

  const client = (timeoutMs = 2000): ZipwhipClient => {
    assert.ok(raw);
    return new ZipwhipClient({ baseUrl: raw.baseUrl, timeoutMs });
  };

  beforeEach(async () => {
    answer = () => ({ status: 200, body: '{"success":true,"response":[]}' });
    raw = await startRawServer((req, res) => {
      const a = answer(req.url);
      reply(res, a.status, a.body, a.contentType);
    });
  });

  afterEach(async () => {
    await raw?.close();
    raw = undefined;
  });

  it('sends a form-encoded POST with the fields in the body and nothing in the URL', async () => {
    answer = () => ({
      status: 200,
      body: '{"success":true,"response":[{"webhookId":5,"type":"message","event":"send","url":"https://a/","method":"get"}]}',
    });
    const hook = await client().addWebhook('se:cret', { type: 'message', event: 'send', url: 'https://a/?x=1&y=2', method: 'GET' });
    assert.deepEqual(hook, { webhookId: '5', type: 'message', event: 'send', url: 'https://a/', method: 'GET' });
    const seen = raw?.seen[0];
    assert.ok(seen);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/webhook/add');
    assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(seen.body)), {
      session: 'se:cret',
      type: 'message',
      event: 'send',
      url: 'https://a/?x=1&y=2',
      method: 'GET',
    });
  });

  it('sends the webhookId exactly as received and only the fields that change', async () => {
    answer = () => ({
      status: 200,
      body: '{"success":true,"response":[{"webhookId":98765432109876543210,"type":"message","event":"send","url":"https://b/"}]}',
    });
    const hook = await client().updateWebhook('k', '98765432109876543210', { url: 'https://b/' });
    assert.equal(hook.webhookId, '98765432109876543210');
    assert.equal(hook.method, 'POST');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(raw?.seen[0]?.body)), {
      session: 'k',
      webhookId: '98765432109876543210',
      url: 'https://b/',
    });
  });

  const shapes: { name: string; status: number; body: string; path: 'list' | 'add' | 'login'; message: RegExp }[] = [
    {
      name: 'a payload of the wrong shape',
      status: 200,
      body: '{"success":true,"response":{"x":1}}',
      path: 'list',
      message: /webhook\/list was not understood\.$/,
    },
    { name: 'no envelope at all', status: 200, body: '[{"webhookId":1}]', path: 'list', message: /webhook\/list was not understood\.$/ },
    {
      name: 'a hook without url',
      status: 200,
      body: '{"success":true,"response":[{"webhookId":1,"type":"a","event":"b"}]}',
      path: 'list',
      message: /not understood/,
    },
    {
      name: 'add answering an empty array',
      status: 200,
      body: '{"success":true,"response":[]}',
      path: 'add',
      message: /webhook\/add was not understood/,
    },
    {
      name: 'login answering a number',
      status: 200,
      body: '{"success":true,"response":42}',
      path: 'login',
      message: /user\/login was not understood/,
    },
    {
      name: 'a 502 HTML page from a proxy',
      status: 502,
      body: '<html>Bad gateway</html>',
      path: 'list',
      message: /not understood \(HTTP 502\)/,
    },
    { name: 'an empty body', status: 200, body: '', path: 'list', message: /not understood/ },
  ];

  for (const shape of shapes) {
    it(`UnexpectedResponseError for ${shape.name}`, async () => {
      answer = () => ({ status: shape.status, body: shape.body });
      const c = client();
      const call =
        shape.path === 'list'
          ? c.listWebhooks('sess-key-1')
          : shape.path === 'add'
            ? c.addWebhook('sess-key-1', { type: 'message', event: 'send', url: 'https://a/' })
            : c.login('user-1', 'pass-word-1');
      const error = await rejection(call);
      assert.ok(error instanceof UnexpectedResponseError, String(error));
      assert.equal(error.status, shape.status);
      assert.match(error.message, shape.message);
      assert.ok(error.detail.includes(JSON.stringify(shape.body.slice(0, 200))), error.detail);
    });
  }

  it('keeps only the first 200 characters of the body in the detail, with secrets scrubbed first', async () => {
    const key = 'k'.repeat(10) + ':77';
    answer = () => ({ status: 200, body: `${'x'.repeat(195)}${key} and more text` });
    const error = await rejection(client().listWebhooks(key));
    assertClean(error, [key, 'kkkkk']);
    assert.ok(error instanceof UnexpectedResponseError);
    assert.ok(error.detail.includes(`"${'x'.repeat(195)}*** a"`), error.detail);
  });

  it('never puts a key-shaped value of a misshapen login answer into the detail', async () => {
    const key = '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789';
    answer = () => ({ status: 200, body: `{"success":true,"response":{"session":"${key}"}}` });
    const error = await rejection(client().login('user-1', 'pass-word-1'));
    assert.ok(error instanceof UnexpectedResponseError);
    assertClean(error, [key, '3d0f1dde-aaff']);
    assert.match(error.detail, /\{\\"session\\":\\"\*\*\*\\"\}/);
  });

  it('401 on a webhook call is SessionRejectedError', async () => {
    answer = () => ({ status: 401, body: 'Unauthorized', contentType: 'text/plain' });
    const error = await rejection(client().listWebhooks('sess-key-1'));
    assert.ok(error instanceof SessionRejectedError);
    assert.equal(error.status, 401);
  });

  const badLogins = [
    { status: 400, body: '{"success":false,"response":null}' },
    { status: 500, body: '{"success":false,"response":null}' },
    { status: 401, body: '{"success":false,"response":null}' },
    { status: 403, body: '' },
    { status: 200, body: '{"success":false,"response":null}' },
  ];
  for (const bad of badLogins) {
    it(`login refused with HTTP ${bad.status}: "${BAD_CREDENTIALS_MESSAGE}"`, async () => {
      answer = () => bad;
      const error = await rejection(client().login('u', 'secret-pass'));
      assert.ok(error instanceof ApiError, String(error));
      assert.equal(error.message, BAD_CREDENTIALS_MESSAGE);
      assert.equal(error.status, bad.status);
    });
  }

  it('a login failure with a message shows that message, scrubbed', async () => {
    answer = () => ({ status: 400, body: '{"success":false,"response":"Password secret-pass expired"}' });
    const error = await rejection(client().login('u', 'secret-pass'));
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, 'Password *** expired');
  });

  it('success:false with null on a 200 is a generic ApiError; with an odd payload too', async () => {
    answer = () => ({ status: 200, body: '{"success":false,"response":null}' });
    const error = await rejection(client().listWebhooks('sess-key-1'));
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, 'The Zipwhip server reported an error (HTTP 200).');
    answer = () => ({ status: 503, body: '{"success":false,"response":{"weird":true}}' });
    const odd = await rejection(client().listWebhooks('sess-key-1'));
    assert.ok(odd instanceof ApiError);
    assert.equal(odd.message, 'The Zipwhip server reported an error (HTTP 503).');
    assert.equal(odd.status, 503);
  });

  it('a non-2xx status is a failure even with success:true', async () => {
    answer = () => ({ status: 500, body: '{"success":true,"response":"Database unavailable"}' });
    const error = await rejection(client().listWebhooks('sess-key-1'));
    assert.ok(error instanceof ApiError);
    assert.equal(error.message, 'Database unavailable');
    assert.equal(error.status, 500);
  });

  it('extra envelope keys are ignored; delete accepts [] and logout accepts null', async () => {
    answer = () => ({ status: 200, body: '{"success":true,"response":[],"sessions":null,"version":3}' });
    assert.deepEqual(await client().listWebhooks('sess-key-1'), []);
    await client().deleteWebhook('sess-key-1', '1');
    answer = () => ({ status: 200, body: '{"success":true,"response":null}' });
    await client().logout('sess-key-1');
  });

  it('headers that arrive but a body that never ends: NetworkError "timeout"', async () => {
    await raw?.close();
    raw = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"success":true,');
    });
    const started = Date.now();
    const error = await rejection(client(250).listWebhooks('s'));
    assert.ok(error instanceof NetworkError, String(error));
    assert.equal(error.failure, 'timeout');
    assert.ok(Date.now() - started < 2000);
  });

  describe('a hostile or broken server', () => {
    const KEY = '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789';
    const hook = (id: string): string => `{"webhookId":${id},"type":"message","event":"send","url":"https://a.example/"}`;

    it('an answer declared larger than 4 MB is refused before it is read', async () => {
      answer = () => ({ status: 200, body: `{"success":true,"response":"${'x'.repeat(MAX_ANSWER_BYTES)}"}` });
      const error = await rejection(client().listWebhooks(KEY));
      assert.ok(error instanceof UnexpectedResponseError, String(error));
      assert.equal(error.message, "The server's answer to webhook/list was too large (more than 4 MB).");
      assert.equal(error.status, 200);
    });

    it('an endless streamed answer is cut at 4 MB and the socket is not read further', async function () {
      this.timeout(10_000);
      await raw?.close();
      let written = 0;
      let closed: () => void = () => undefined;
      const socketClosed = new Promise<void>((resolve) => {
        closed = resolve;
      });
      raw = await startRawServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to refuse it by
        const chunk = Buffer.alloc(64 * 1024, 'x');
        res.write('{"success":true,"response":"');
        let open = true;
        res.on('close', () => {
          open = false;
          closed();
        });
        const pump = (): void => {
          while (open && written < 256 * 1024 * 1024) {
            written += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      const error = await rejection(client(8000).listWebhooks(KEY));
      assert.ok(error instanceof UnexpectedResponseError, String(error));
      assert.match(error.message, /too large \(more than 4 MB\)/);
      await socketClosed;
      assert.ok(written < 32 * 1024 * 1024, `the server could write ${written} bytes`);
    });

    it('an answer of exactly 4 MB is still read', async () => {
      const head = '{"success":true,"response":"';
      answer = () => ({ status: 200, body: `${head}${'x'.repeat(MAX_ANSWER_BYTES - head.length - 2)}"}` });
      await client().logout(KEY);
    });

    it('a login answer that is not shaped like a session key is refused, and not quoted in the detail', async () => {
      for (const response of ['abc\u0000def\r\nX-Injected: 1', 'k'.repeat(100_000), 'not-a-uuid:123456']) {
        answer = () => ({ status: 200, body: JSON.stringify({ success: true, response }) });
        const error = await rejection(client().login('user-1', 'pass-word-1'));
        assert.ok(error instanceof UnexpectedResponseError, String(error));
        assert.equal(error.message, "The server's answer to user/login was not understood.");
        assertClean(error, [response.slice(0, 12), JSON.stringify(response).slice(1, 13)]);
      }
      answer = () => ({ status: 200, body: '{"success":true,"response":"abc"}' });
      const short = await rejection(client().login('user-1', 'pass-word-1'));
      assert.ok(short instanceof UnexpectedResponseError);
      assert.ok(short.detail.endsWith(`body: ${JSON.stringify(WITHHELD)}`), short.detail);
    });

    it('a list of more than 10,000 hooks is refused', async () => {
      const many = (n: number): string => `{"success":true,"response":[${Array.from({ length: n }, (_, i) => hook(String(i))).join(',')}]}`;
      answer = () => ({ status: 200, body: many(10_000) });
      assert.equal((await client().listWebhooks(KEY)).length, 10_000);
      answer = () => ({ status: 200, body: many(10_001) });
      const error = await rejection(client().listWebhooks(KEY));
      assert.ok(error instanceof UnexpectedResponseError, String(error));
      assert.match(error.detail, /more than 10,000 hooks/);
    });

    it('accepts only integer ids: 1e-400 is not hook "0", 4503599627370496.5 is not hook "4503599627370496"', async () => {
      for (const id of ['1e-400', '4503599627370496.5', '1e21', '1.5', '-3']) {
        answer = () => ({ status: 200, body: `{"success":true,"response":[${hook(id)}]}` });
        const error = await rejection(client().listWebhooks(KEY));
        assert.ok(error instanceof UnexpectedResponseError, `${id}: ${String(error)}`);
        assert.match(error.detail, /webhookId/, id);
      }
      answer = () => ({ status: 200, body: `{"success":true,"response":[${hook('4503599627370496')},${hook('1327295480212647936')}]}` });
      assert.deepEqual(
        (await client().listWebhooks(KEY)).map((h) => h.webhookId),
        ['4503599627370496', '1327295480212647936'],
      );
    });

    it("a server's message shows with link syntax broken up and cut; the detail keeps it whole", async () => {
      const hostile =
        'Your session expired. [Sign in again](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%7Csh%5Cn%22%7D)';
      answer = () => ({ status: 200, body: JSON.stringify({ success: false, response: hostile }) });
      const error = await rejection(client().listWebhooks(KEY));
      assert.ok(error instanceof ApiError, String(error));
      assert.doesNotMatch(error.message, /\]\(/);
      assert.match(error.message, /^Your session expired\. \[Sign in again\] \(command:/);
      assert.equal(error.detail, `The server's message: ${JSON.stringify(hostile)}`);

      const long = `${'word '.repeat(100)}[x](command:y)`;
      answer = () => ({ status: 400, body: JSON.stringify({ success: false, response: { code: -7, desc: long } }) });
      const coded = await rejection(client().listWebhooks(KEY));
      assert.ok(coded instanceof ApiError, String(coded));
      assert.equal(coded.message.length, 300);
      assert.ok(coded.message.endsWith('… (code -7)'), coded.message);
      assert.equal(coded.code, -7);
      assert.ok(coded.detail.includes('[x](command:y)'), 'the log keeps the text as the server wrote it');

      answer = () => ({ status: 200, body: '{"success":false,"response":"Line is suspended"}' });
      const plain = await rejection(client().listWebhooks(KEY));
      assert.ok(plain instanceof ApiError);
      assert.equal(plain.message, 'Line is suspended');
      assert.equal(plain.detail, '', 'nothing to add when the message is shown whole');
    });

    it('an echo of the uuid part of the key alone is scrubbed; a short key withholds the text', async () => {
      const uuid = KEY.split(':')[0] ?? '';
      answer = () => ({ status: 200, body: JSON.stringify({ success: false, response: `Unknown session id ${uuid}` }) });
      const error = await rejection(client().listWebhooks(KEY));
      assertClean(error, [uuid]);
      assert.equal(error.message, 'Unknown session id ***');

      answer = () => ({ status: 200, body: JSON.stringify({ success: false, response: 'Session k is not allowed' }) });
      const short = await rejection(client().listWebhooks('k'));
      assert.equal(short instanceof ApiError && short.message, WITHHELD);
    });

    it('204 or 304 with a body is a typed error, not a crash', async () => {
      for (const status of [204, 304]) {
        for (const framing of ['content-length: 31\r\n', '']) {
          const server = await startRecordingServer((_req, res) => {
            res.socket?.write(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\n${framing}\r\n{"success":true,"response":[]}\n`);
            res.socket?.end();
          });
          try {
            const error = await rejection(new ZipwhipClient({ baseUrl: server.url, timeoutMs: 2000 }).listWebhooks(KEY));
            assert.ok(error instanceof ZipwhipError, `${status} ${framing}: ${String(error)}`);
          } finally {
            await server.close();
          }
        }
      }
    });

    it("a silent server fails at the call's limit, never before it (undici's own timers tick every half second)", async function () {
      this.timeout(10_000);
      await raw?.close();
      raw = await startRawServer(() => undefined); // never answers
      const c = client(800);
      // Started a third of a tick apart, at least one call would meet an early undici timer.
      const calls = [0, 170, 340].map(async (delay) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        const started = performance.now();
        const error = await rejection(c.listWebhooks(KEY));
        return { error, elapsed: performance.now() - started };
      });
      for (const { error, elapsed } of await Promise.all(calls)) {
        assert.ok(error instanceof NetworkError, String(error));
        assert.equal(error.failure, 'timeout');
        assert.equal(error.message, `${new URL(raw.baseUrl).host} did not answer webhook/list within 800 ms.`);
        assert.ok(elapsed >= 790 && elapsed < 1500, `failed after ${Math.round(elapsed)} ms`);
      }
    });
  });
});
