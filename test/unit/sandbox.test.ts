import * as assert from 'node:assert/strict';
import { Agent, request } from 'undici';
import { parseJson } from '../../src/model/losslessJson';
import { PAYLOAD_HEADERS } from '../../src/deliveries/payloads';
import { DEFAULT_FAULT_DESC, DEFAULT_FAULT_MESSAGE, MAX_BODY_BYTES, SandboxServer } from '../../src/sandbox/server';
import { envelope, getQuery, postForm, rejection, reply, startRawServer, type FormFields, type RawResponse } from './helpers/http';

const ALICE = { username: '4257772300', password: 'alice-pw' };
const BOB = { username: '2065550123', password: 'bob-pw' };
const NULL_FAILURE = '{"success":false,"response":null}';
const WRONG_ARGUMENTS = '{"success":false,"response":{"code":-703,"desc":"Wrong arguments"}}';

type Send = (path: string, fields: FormFields) => Promise<RawResponse>;

/** The headers Zipwhip's 2020 deliveries carried, as node:http shows them (lower-case names). */
const ZIPWHIP_HEADERS = { contentType: PAYLOAD_HEADERS['2020']['Content-Type'], userAgent: PAYLOAD_HEADERS['2020']['User-Agent'] };

describe('SandboxServer (raw HTTP)', function () {
  this.timeout(5000);
  let sandbox: SandboxServer;
  let base: string;
  let agent: Agent;

  const post: Send = (path, fields) => postForm(base, path, fields, agent);
  const get: Send = (path, fields) => getQuery(base, path, fields, agent);
  /** A control route, with this start's token as a field. */
  const postControl: Send = (path, fields) => post(path, { ...fields, token: sandbox.controlToken });
  const getControl: Send = (path, fields) => get(path, { ...fields, token: sandbox.controlToken });
  const transports: [string, Send][] = [
    ['POST form', post],
    ['GET query', get],
  ];

  async function login(account = ALICE): Promise<string> {
    const res = await post('user/login', account);
    assert.equal(res.status, 200, res.text);
    const { success, response } = envelope(res);
    assert.equal(success, true);
    assert.equal(typeof response, 'string');
    return response as string;
  }

  beforeEach(async () => {
    sandbox = new SandboxServer({ accounts: [ALICE, BOB] });
    base = await sandbox.start();
    agent = new Agent();
  });

  afterEach(async () => {
    await sandbox.stop();
    await agent.close();
  });

  it('listens on 127.0.0.1 and a free port by default', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(new URL(base).port, '0');
  });

  it('seeds three realistic hooks on each line, with distinct ids', () => {
    const expected = [
      { type: 'message', event: 'receive', url: 'https://example.com/zipwhip/message/receive', method: 'POST' },
      { type: 'message', event: 'progress', url: 'https://example.com/zipwhip/message/progress', method: 'PUT' },
      { type: 'optout', event: 'change', url: 'http://localhost:3000/optout', method: 'POST' },
    ];
    for (const account of [ALICE, BOB]) {
      assert.deepEqual(
        sandbox.hooks(account.username).map(({ type, event, url, method }) => ({ type, event, url, method })),
        expected,
      );
    }
    const ids = [...sandbox.hooks(ALICE.username), ...sandbox.hooks(BOB.username)].map((h) => h.webhookId);
    assert.equal(new Set(ids).size, 6);
    assert.throws(() => sandbox.hooks('nobody'), /no account nobody/);
  });

  it('seed: false starts with empty lines', async () => {
    const empty = new SandboxServer({ seed: false });
    await empty.start();
    try {
      assert.deepEqual(empty.hooks('4257772300'), []);
      const key = envelope(await postForm(empty.baseUrl, 'user/login', { username: '4257772300', password: 'sandbox' }));
      const list = await postForm(empty.baseUrl, 'webhook/list', { session: key.response as string });
      assert.equal(list.text, '{"success":true,"response":[]}');
    } finally {
      await empty.stop();
    }
  });

  for (const [name, send] of transports) {
    describe(`every route by ${name}`, () => {
      it('user/login mints a <uuid>:<deviceId> key', async () => {
        const res = await send('user/login', ALICE);
        assert.equal(res.status, 200);
        assert.equal(res.contentType, 'application/json');
        const key = envelope(res).response as string;
        assert.match(key, /^[0-9a-f-]{36}:\d+$/);
        assert.equal(key.split(':')[1], sandbox.deviceId(ALICE.username));
        assert.equal(sandbox.isSessionValid(key), true);
      });

      it('webhook/add, webhook/list, webhook/update, webhook/delete', async () => {
        const session = await login();
        const added = await send('webhook/add', {
          session,
          type: 'message',
          event: 'send',
          url: 'https://hooks.example/send?a=1',
          method: 'put',
        });
        assert.equal(added.status, 200, added.text);
        const [hook] = envelope(added).response as { webhookId: number }[];
        assert.ok(hook);
        const id = String(hook.webhookId);
        assert.deepEqual(hook, {
          webhookId: Number(id),
          type: 'message',
          event: 'send',
          url: 'https://hooks.example/send?a=1',
          method: 'PUT',
        });
        assert.deepEqual(sandbox.hooks(ALICE.username).at(-1), { ...hook, webhookId: id });

        const list = await send('webhook/list', { session });
        assert.equal(list.status, 200);
        assert.deepEqual(
          (envelope(list).response as { webhookId: number }[]).map((h) => String(h.webhookId)),
          sandbox.hooks(ALICE.username).map((h) => h.webhookId),
        );

        const updated = await send('webhook/update', { session, webhookId: id, url: 'http://127.0.0.1:9/x' });
        assert.equal(updated.status, 200, updated.text);
        assert.deepEqual(envelope(updated).response, [{ ...hook, url: 'http://127.0.0.1:9/x' }]);
        assert.equal(sandbox.hooks(ALICE.username).at(-1)?.url, 'http://127.0.0.1:9/x');
        assert.equal(sandbox.hooks(ALICE.username).at(-1)?.method, 'PUT');

        const deleted = await send('webhook/delete', { session, webhookId: id });
        assert.equal(deleted.status, 200);
        assert.equal(deleted.text, '{"success":true,"response":[]}');
        assert.equal(sandbox.hooks(ALICE.username).length, 3);
        assert.ok(!sandbox.hooks(ALICE.username).some((h) => h.webhookId === id));
      });

      it('user/logout revokes the key', async () => {
        const session = await login();
        const res = await send('user/logout', { session });
        assert.equal(res.status, 200);
        assert.equal(res.text, '{"success":true,"response":null}');
        assert.equal(sandbox.isSessionValid(session), false);
        const after = await send('webhook/list', { session });
        assert.equal(after.status, 403);
        assert.equal(after.text, NULL_FAILURE);
      });
    });
  }

  it('a body field wins over a query field of the same name', async () => {
    const session = await login();
    const url = new URL('webhook/list', base);
    url.searchParams.set('session', 'bogus');
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session }).toString(),
      dispatcher: agent,
    });
    assert.equal(res.statusCode, 200);
    await res.body.dump();
  });

  it('ignores unknown fields', async () => {
    const session = await login();
    const res = await post('webhook/add', {
      session,
      type: 'message',
      event: 'read',
      url: 'https://a.example/r',
      colour: 'blue',
      webhookId: '1',
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(sandbox.hooks(ALICE.username).length, 4);
  });

  describe('login', () => {
    const bad: [string, FormFields][] = [
      ['a wrong password', { username: ALICE.username, password: 'nope' }],
      ['an unknown username', { username: '0000000000', password: ALICE.password }],
      ["another line's password", { username: ALICE.username, password: BOB.password }],
      ['no password', { username: ALICE.username }],
      ['no fields', {}],
    ];
    for (const [name, fields] of bad) {
      it(`answers 400 {"success":false,"response":null} for ${name}`, async () => {
        const res = await post('user/login', fields);
        assert.equal(res.status, 400);
        assert.equal(res.contentType, 'application/json');
        assert.equal(res.text, NULL_FAILURE);
        assert.equal(sandbox.sessionsIssued(ALICE.username), 0);
      });
    }

    it('mints a new key per login; the older key stays valid', async () => {
      const first = await login();
      const second = await login();
      assert.notEqual(first, second);
      assert.equal(first.split(':')[1], second.split(':')[1]);
      assert.equal(sandbox.sessionsIssued(ALICE.username), 2);
      assert.equal(sandbox.sessionsIssued(BOB.username), 0);
      for (const session of [first, second]) {
        assert.equal((await post('webhook/list', { session })).status, 200);
      }
      await post('user/logout', { session: first });
      assert.equal((await post('webhook/list', { session: first })).status, 403);
      assert.equal((await post('webhook/list', { session: second })).status, 200);
      assert.equal(sandbox.sessionsIssued(ALICE.username), 2);
    });
  });

  describe('session checks', () => {
    const routes = ['webhook/list', 'webhook/add', 'webhook/update', 'webhook/delete', 'user/logout'];
    for (const route of routes) {
      it(`${route} without a valid session answers 403 {"success":false,"response":null}`, async () => {
        for (const fields of [{}, { session: '' }, { session: 'c0ffee00-0000-4000-8000-000000000000:377265507' }] as FormFields[]) {
          const res = await post(route, {
            ...fields,
            type: 'message',
            event: 'send',
            url: 'https://a.example/',
            webhookId: sandbox.hooks(ALICE.username)[0]?.webhookId ?? '1',
          });
          assert.equal(res.status, 403);
          assert.equal(res.text, NULL_FAILURE);
        }
        assert.equal(sandbox.hooks(ALICE.username).length, 3);
      });
    }
  });

  describe('wrong arguments (400, code -703)', () => {
    const addCases: [string, FormFields][] = [
      ['no type', { event: 'receive', url: 'https://a.example/' }],
      ['an unknown type', { type: 'call', event: 'receive', url: 'https://a.example/' }],
      ['an uppercase type', { type: 'Message', event: 'receive', url: 'https://a.example/' }],
      ['no event', { type: 'message', url: 'https://a.example/' }],
      ['an event of another type', { type: 'optout', event: 'receive', url: 'https://a.example/' }],
      ['an unknown event', { type: 'message', event: 'explode', url: 'https://a.example/' }],
      ['no url', { type: 'message', event: 'receive' }],
      ['an empty url', { type: 'message', event: 'receive', url: '' }],
      ['a relative url', { type: 'message', event: 'receive', url: '/zipwhip/in' }],
      ['an ftp url', { type: 'message', event: 'receive', url: 'ftp://a.example/' }],
      ['a url with spaces around', { type: 'message', event: 'receive', url: ' https://a.example/ ' }],
      ['a method that is not POST/PUT/GET', { type: 'message', event: 'receive', url: 'https://a.example/', method: 'DELETE' }],
    ];
    for (const [name, fields] of addCases) {
      it(`webhook/add with ${name}`, async () => {
        const session = await login();
        const res = await post('webhook/add', { session, ...fields });
        assert.equal(res.status, 400);
        assert.equal(res.text, WRONG_ARGUMENTS);
        assert.equal(sandbox.hooks(ALICE.username).length, 3);
      });
    }

    it('webhook/update and webhook/delete with a bad webhookId, url or method', async () => {
      const session = await login();
      const own = sandbox.hooks(ALICE.username)[0]?.webhookId ?? '';
      const bobs = sandbox.hooks(BOB.username)[0]?.webhookId ?? '';
      const cases: [string, FormFields][] = [
        ['webhook/update', {}],
        ['webhook/update', { webhookId: '' }],
        ['webhook/update', { webhookId: 'abc' }],
        ['webhook/update', { webhookId: '-5' }],
        ['webhook/update', { webhookId: '1' }],
        ['webhook/update', { webhookId: bobs, url: 'https://b.example/' }],
        ['webhook/update', { webhookId: own, url: 'mailto:x@example.com' }],
        ['webhook/update', { webhookId: own, method: 'PATCH' }],
        ['webhook/delete', {}],
        ['webhook/delete', { webhookId: 'x1' }],
        ['webhook/delete', { webhookId: '99999999999' }],
        ['webhook/delete', { webhookId: bobs }],
      ];
      for (const [route, fields] of cases) {
        const res = await post(route, { session, ...fields });
        assert.equal(res.status, 400, `${route} ${JSON.stringify(fields)}`);
        assert.equal(res.text, WRONG_ARGUMENTS);
      }
      const first = sandbox.hooks(ALICE.username)[0];
      assert.ok(first);
      assert.equal(first.url, 'https://example.com/zipwhip/message/receive');
      assert.equal(first.method, 'POST');
      assert.equal(sandbox.hooks(ALICE.username).length, 3);
      assert.equal(sandbox.hooks(BOB.username).length, 3);
    });
  });

  it('accepts duplicates and defaults the method to POST', async () => {
    const session = await login();
    const fields = { session, type: 'message', event: 'receive', url: 'https://dup.example/in' };
    const a = envelope(await post('webhook/add', fields)).response as { webhookId: number; method: string }[];
    const b = envelope(await post('webhook/add', fields)).response as { webhookId: number; method: string }[];
    assert.deepEqual([a.length, b.length], [1, 1]);
    assert.deepEqual([a[0]?.method, b[0]?.method], ['POST', 'POST']);
    assert.notEqual(String(a[0]?.webhookId), String(b[0]?.webhookId));
    assert.equal(sandbox.hooks(ALICE.username).filter((h) => h.url === 'https://dup.example/in').length, 2);
  });

  it('keeps hooks per line: two accounts do not see each other', async () => {
    const alice = await login(ALICE);
    const bob = await login(BOB);
    assert.notEqual(alice.split(':')[1], bob.split(':')[1]);
    await post('webhook/add', { session: alice, type: 'message', event: 'send', url: 'https://alice.example/' });
    const bobsFirst = sandbox.hooks(BOB.username)[0]?.webhookId ?? '';
    await post('webhook/delete', { session: bob, webhookId: bobsFirst });
    const aliceList = envelope(await post('webhook/list', { session: alice })).response as { url: string }[];
    const bobList = envelope(await post('webhook/list', { session: bob })).response as { url: string }[];
    assert.equal(aliceList.length, 4);
    assert.equal(bobList.length, 2);
    assert.ok(aliceList.some((h) => h.url === 'https://alice.example/'));
    assert.ok(!bobList.some((h) => h.url === 'https://alice.example/'));
    assert.equal(sandbox.hooks(ALICE.username).length, 4);
    assert.equal(sandbox.hooks(BOB.username).length, 2);
  });

  it('addAccount adds a seeded line with its own device id', async () => {
    const deviceId = sandbox.addAccount({ username: 'operator-7', password: 'op-pw' });
    assert.match(deviceId, /^\d+$/);
    assert.notEqual(deviceId, sandbox.deviceId(ALICE.username));
    const key = await login({ username: 'operator-7', password: 'op-pw' });
    assert.equal(key.split(':')[1], deviceId);
    assert.equal(sandbox.hooks('operator-7').length, 3);
  });

  it('answers 404 with an envelope for an unknown route, 405 for other methods', async () => {
    for (const path of ['webhook/explode', 'user', '', 'api/webhook/list']) {
      const res = await post(path, {});
      assert.equal(res.status, 404, path);
      assert.equal(res.contentType, 'application/json');
      assert.equal(envelope(res).success, false);
    }
    const put = await request(new URL('webhook/list', base), { method: 'PUT', dispatcher: agent });
    assert.equal(put.statusCode, 405);
    assert.equal((parseJson(await put.body.text()) as { success: boolean }).success, false);
  });

  it('refuses bodies beyond 64 KiB with 413', async () => {
    const session = await login();
    const res = await post('webhook/add', {
      session,
      type: 'message',
      event: 'send',
      url: `https://a.example/${'x'.repeat(MAX_BODY_BYTES)}`,
    });
    assert.equal(res.status, 413);
    assert.equal(envelope(res).success, false);
    assert.equal(sandbox.hooks(ALICE.username).length, 3);
    const fine = await post('webhook/add', { session, type: 'message', event: 'send', url: `https://a.example/${'x'.repeat(60_000)}` });
    assert.equal(fine.status, 200);
  });

  it('logs every request with its URL as received, keeping the last 1000', async () => {
    await get('webhook/list', { session: 'from-the-query' });
    assert.deepEqual(sandbox.requestLog.at(-1), {
      method: 'GET',
      url: '/webhook/list?session=from-the-query',
      path: '/webhook/list',
      session: 'from-the-query',
    });
    await post('webhook/list', { session: 'from-the-body' });
    assert.deepEqual(sandbox.requestLog.at(-1), { method: 'POST', url: '/webhook/list', path: '/webhook/list', session: 'from-the-body' });
    await post('user/login', ALICE);
    assert.deepEqual(sandbox.requestLog.at(-1), { method: 'POST', url: '/user/login', path: '/user/login' });
    const pool = new Agent({ connections: 8, pipelining: 4 });
    try {
      await Promise.all(Array.from({ length: 1010 }, (_, i) => getQuery(base, 'user/login', { n: String(i) }, pool)));
    } finally {
      await pool.close();
    }
    assert.equal(sandbox.requestLog.length, 1000);
    assert.equal(sandbox.requestLog.at(-1)?.path, '/user/login');
    assert.ok(!sandbox.requestLog.some((r) => r.url.includes('from-the-') || r.session !== undefined));
  });

  describe('big ids', () => {
    it('writes ids above 2^53 exactly in the JSON text and accepts them back', async () => {
      const big = new SandboxServer({ bigIds: true });
      const url = await big.start();
      try {
        const session = envelope(await postForm(url, 'user/login', { username: '4257772300', password: 'sandbox' })).response as string;
        const list = await postForm(url, 'webhook/list', { session });
        assert.ok(list.text.includes('"webhookId":1327295480212647936,'), list.text);
        assert.ok(list.text.includes('"webhookId":1327295480212647938,'), list.text);
        const update = await postForm(url, 'webhook/update', { session, webhookId: '1327295480212647938', method: 'get' });
        assert.equal(update.status, 200);
        assert.ok(update.text.includes('"webhookId":1327295480212647938,'));
        assert.equal(big.hooks('4257772300')[2]?.method, 'GET');
        // One off is another hook (or none): precision matters.
        const off = await postForm(url, 'webhook/delete', { session, webhookId: '1327295480212647940' });
        assert.equal(off.status, 400);
        const del = await postForm(url, 'webhook/delete', { session, webhookId: '1327295480212647936' });
        assert.equal(del.status, 200);
        assert.deepEqual(
          big.hooks('4257772300').map((h) => h.webhookId),
          ['1327295480212647937', '1327295480212647938'],
        );
      } finally {
        await big.stop();
      }
    });
  });

  describe('base path', () => {
    it('serves the API under the base path only', async () => {
      const nested = new SandboxServer({ basePath: 'zw/api' });
      const url = await nested.start();
      try {
        assert.ok(url.endsWith('/zw/api/'), url);
        const ok = await postForm(url, 'user/login', { username: '4257772300', password: 'sandbox' });
        assert.equal(ok.status, 200);
        const root = await postForm(url, '/user/login', { username: '4257772300', password: 'sandbox' });
        assert.equal(root.status, 404);
      } finally {
        await nested.stop();
      }
    });
  });

  describe('faults (raw)', () => {
    const expectations: [string, () => void, number, string, string][] = [
      [
        'status500',
        () => {
          sandbox.injectFaults({ kind: 'status500' });
        },
        500,
        'application/json',
        NULL_FAILURE,
      ],
      [
        'status403',
        () => {
          sandbox.injectFaults({ kind: 'status403' });
        },
        403,
        'application/json',
        NULL_FAILURE,
      ],
      [
        'apiErrorString',
        () => {
          sandbox.injectFaults({ kind: 'apiErrorString' });
        },
        200,
        'application/json',
        JSON.stringify({ success: false, response: DEFAULT_FAULT_MESSAGE }),
      ],
      [
        'apiErrorString (message)',
        () => {
          sandbox.injectFaults({ kind: 'apiErrorString', message: 'Nope' });
        },
        200,
        'application/json',
        '{"success":false,"response":"Nope"}',
      ],
      [
        'apiErrorObject',
        () => {
          sandbox.injectFaults({ kind: 'apiErrorObject' });
        },
        400,
        'application/json',
        JSON.stringify({ success: false, response: { code: -1, desc: DEFAULT_FAULT_DESC } }),
      ],
      [
        'apiErrorObject (code, desc)',
        () => {
          sandbox.injectFaults({ kind: 'apiErrorObject', code: -703, desc: 'Wrong arguments' });
        },
        400,
        'application/json',
        WRONG_ARGUMENTS,
      ],
    ];
    for (const [name, inject, status, type, body] of expectations) {
      it(`${name}: HTTP ${status} ${body}`, async () => {
        const session = await login();
        inject();
        const res = await post('webhook/list', { session });
        assert.equal(res.status, status);
        assert.equal(res.contentType, type);
        assert.equal(res.text, body);
        assert.equal(sandbox.pendingFaults, 0);
      });
    }

    it('notJson: HTTP 200 with an HTML body', async () => {
      sandbox.injectFaults({ kind: 'notJson' });
      const res = await post('user/login', ALICE);
      assert.equal(res.status, 200);
      assert.equal(res.contentType, 'text/html');
      assert.match(res.text, /^<html>/);
      assert.throws(() => JSON.parse(res.text) as unknown);
      assert.equal(sandbox.sessionsIssued(ALICE.username), 0);
    });

    it('drop: the connection closes without an answer', async () => {
      const session = await login();
      sandbox.injectFaults({ kind: 'drop' });
      const error = await rejection(post('webhook/list', { session }));
      assert.ok(error instanceof Error);
      assert.match((error as Error & { code?: string }).code ?? '', /UND_ERR_SOCKET|ECONNRESET/);
    });

    it('a failed call has no effect; the count is honoured; the control routes are never faulted', async () => {
      const session = await login();
      sandbox.injectFaults({ kind: 'status500' }, 2);
      assert.equal(sandbox.pendingFaults, 2);
      const state = await getControl('__sandbox/state', { username: ALICE.username });
      assert.equal(state.status, 200);
      for (let i = 0; i < 2; i += 1) {
        const res = await post('webhook/add', { session, type: 'message', event: 'send', url: 'https://a.example/' });
        assert.equal(res.status, 500);
      }
      assert.equal(sandbox.hooks(ALICE.username).length, 3);
      assert.equal((await post('webhook/add', { session, type: 'message', event: 'send', url: 'https://a.example/' })).status, 200);
      assert.equal(sandbox.hooks(ALICE.username).length, 4);
    });

    it('faults queue in order and clearFaults drops them', async () => {
      const session = await login();
      sandbox.injectFaults({ kind: 'status403' });
      sandbox.injectFaults({ kind: 'status500' });
      assert.equal((await post('webhook/list', { session })).status, 403);
      assert.equal((await post('webhook/list', { session })).status, 500);
      sandbox.injectFaults({ kind: 'status500' }, 3);
      sandbox.clearFaults();
      assert.equal((await post('webhook/list', { session })).status, 200);
      assert.throws(() => {
        sandbox.injectFaults({ kind: 'status500' }, 0);
      }, RangeError);
    });

    it('slow: answers after delayMs, and the call then takes effect', async () => {
      const session = await login();
      sandbox.injectFaults({ kind: 'slow', delayMs: 200 });
      const started = Date.now();
      const res = await post('webhook/add', { session, type: 'message', event: 'send', url: 'https://slow.example/' });
      assert.ok(Date.now() - started >= 190);
      assert.equal(res.status, 200);
      assert.equal(sandbox.hooks(ALICE.username).length, 4);
    });

    it('slow: stop() finishes promptly while a call hangs', async () => {
      const session = await login();
      sandbox.injectFaults({ kind: 'slow', delayMs: 60_000 });
      const hanging = rejection(post('webhook/list', { session }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await sandbox.stop();
      assert.ok(Date.now() - started < 1000, `stop took ${Date.now() - started} ms`);
      assert.ok((await hanging) instanceof Error);
      assert.equal(sandbox.running, false);
      assert.throws(() => sandbox.baseUrl, /not running/);
    });
  });

  describe('control routes', () => {
    it('POST __sandbox/fault injects faults with count, message, code, desc and delayMs', async () => {
      const session = await login();
      const res = await postControl('__sandbox/fault', { kind: 'apiErrorObject', count: '2', code: '-9', desc: 'Line locked' });
      assert.equal(res.status, 200);
      assert.deepEqual(envelope(res), { success: true, response: { pendingFaults: 2 } });
      for (let i = 0; i < 2; i += 1) {
        const failed = await post('webhook/list', { session });
        assert.equal(failed.status, 400);
        assert.equal(failed.text, '{"success":false,"response":{"code":-9,"desc":"Line locked"}}');
      }
      await postControl('__sandbox/fault', { kind: 'apiErrorString', message: 'Try later' });
      assert.equal((await post('webhook/list', { session })).text, '{"success":false,"response":"Try later"}');

      await postControl('__sandbox/fault', { kind: 'slow', delayMs: '150' });
      const started = Date.now();
      assert.equal((await post('webhook/list', { session })).status, 200);
      assert.ok(Date.now() - started >= 140);

      await postControl('__sandbox/fault', { kind: 'notJson', count: '5' });
      assert.equal(sandbox.pendingFaults, 5);
      assert.deepEqual(envelope(await postControl('__sandbox/fault', { kind: 'clear' })).response, { pendingFaults: 0 });
    });

    it('rejects a bad fault request with 400 and GET with 405', async () => {
      for (const fields of [
        {},
        { kind: 'explode' },
        { kind: 'status500', count: '0' },
        { kind: 'status500', count: 'x' },
        { kind: 'slow', delayMs: 'soon' },
      ] as FormFields[]) {
        const res = await postControl('__sandbox/fault', fields);
        assert.equal(res.status, 400, JSON.stringify(fields));
        assert.equal(typeof envelope(res).response, 'string');
      }
      assert.equal((await getControl('__sandbox/fault', { kind: 'status500' })).status, 405);
      assert.equal(sandbox.pendingFaults, 0);
    });

    it('GET __sandbox/state returns the hooks of a line, 404 for an unknown one', async () => {
      const res = await getControl('__sandbox/state', { username: BOB.username });
      assert.equal(res.status, 200);
      const hooks = envelope(res).response as { webhookId: number }[];
      assert.deepEqual(
        hooks.map((h) => String(h.webhookId)),
        sandbox.hooks(BOB.username).map((h) => h.webhookId),
      );
      assert.equal((await getControl('__sandbox/state', { username: 'ghost' })).status, 404);
      assert.equal((await getControl('__sandbox/state', {})).status, 404);
    });
  });

  describe('deliveries', () => {
    it('fires an event to every matching hook with the message payload and Zipwhip headers', async () => {
      const receiver = await startRawServer((_req, res) => {
        reply(res, 204, '');
      });
      try {
        const session = await login();
        await post('webhook/add', { session, type: 'message', event: 'send', url: `${receiver.baseUrl}sent`, method: 'PUT' });
        await post('webhook/add', { session, type: 'message', event: 'send', url: `${receiver.baseUrl}sent2` });
        await post('webhook/add', { session, type: 'message', event: 'read', url: `${receiver.baseUrl}read` });
        const results = await sandbox.fireEvent(ALICE.username, 'message', 'send', { body: 'Hi there' });
        assert.deepEqual(
          results.map((r) => [r.method, r.url, r.status]),
          [
            ['PUT', `${receiver.baseUrl}sent`, 204],
            ['POST', `${receiver.baseUrl}sent2`, 204],
          ],
        );
        assert.deepEqual(receiver.seen.map((r) => `${r.method} ${r.url}`).sort(), ['POST /sent2', 'PUT /sent']);
        const seen = receiver.seen[0];
        assert.ok(seen);
        assert.equal(seen.headers['content-type'], ZIPWHIP_HEADERS.contentType);
        assert.equal(seen.headers['user-agent'], ZIPWHIP_HEADERS.userAgent);
        assert.match(seen.body, /"id":13272954802126\d{5},/);
        const payload = parseJson(seen.body) as Record<string, unknown>;
        assert.equal(payload.body, 'Hi there');
        assert.equal(payload.bodySize, 8);
        assert.equal(payload.messageType, 'ZO');
        assert.equal(payload.finalSource, '+14257772300');
        assert.equal(payload.deviceId, Number(sandbox.deviceId(ALICE.username)));
      } finally {
        await receiver.close();
      }
    });

    it('reports a delivery that got no answer, and nothing for an event without hooks', async () => {
      const gone = await startRawServer((_req, res) => {
        reply(res, 200, '');
      });
      const deadUrl = `${gone.baseUrl}in`;
      await gone.close();
      const session = await login();
      await post('webhook/add', { session, type: 'message', event: 'delete', url: deadUrl });
      const [result] = await sandbox.fireEvent(ALICE.username, 'message', 'delete', { timeoutMs: 1000 });
      assert.ok(result);
      assert.equal(result.status, undefined);
      assert.match(result.error ?? '', /ECONNREFUSED/);
      assert.deepEqual(await sandbox.fireEvent(BOB.username, 'message', 'delete'), []);
    });
  });
});
