import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { request } from 'undici';
import { generatePayload } from '../../src/deliveries/payloads';
import { CaptureServer, MAX_CAPTURED_BODY_BYTES } from '../../src/receiver/captureServer';
import { exportCaptures } from '../../src/receiver/captureExport';
import { captureBodyBytes, captureCost, CaptureStore, type Capture } from '../../src/receiver/captureStore';
import { renderDeliveryOutcome } from '../../src/deliveries/renderOutcome';
import { renderCapture } from '../../src/receiver/renderCapture';
import { recognizeEvent } from '../../src/receiver/recognizeEvent';
import { replay, replayHeaders, replayUrl, urlOnOrigin } from '../../src/receiver/replay';
import { startRecordingServer, type RecordingServer } from './helpers/recordingServer';

const NOW = new Date('2020-11-13T17:01:17Z');

async function send(
  url: string,
  method: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const response = await request(url, { method: method as 'POST', headers, ...(body === undefined ? {} : { body }) });
  return { status: response.statusCode, text: await response.body.text() };
}

/** A POST with the given Host header (undici always sends the URL's). */
function sendWithHost(port: number, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: 'POST', path: '/h', headers: { Host: host, 'Content-Type': 'application/json' }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text });
        });
      },
    );
    req.on('error', reject);
    req.end('{"a":1}');
  });
}

function capture(overrides: Partial<Capture> = {}): Capture {
  return {
    id: 'c-1',
    receivedAt: '2020-11-13T17:01:17.000Z',
    method: 'POST',
    path: '/zipwhip/message/receive',
    headers: [['Content-Type', 'application/json']],
    body: '{}',
    isText: true,
    size: 2,
    truncated: false,
    ...overrides,
  };
}

describe('CaptureServer', function () {
  this.timeout(5000);
  let store: CaptureStore;
  let server: CaptureServer;
  let url: string;

  beforeEach(async () => {
    store = new CaptureStore();
    server = new CaptureServer({ store });
    ({ url } = await server.start());
  });

  afterEach(async () => {
    await server.stop();
  });

  it('listens on 127.0.0.1 and answers 200 {"ok":true} to every method and path, capturing each', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
    for (const method of methods) {
      const reply = await send(
        `${url}any/${method.toLowerCase()}?q=${method}`,
        method,
        method === 'GET' ? undefined : `body of ${method}`,
        { 'X-Custom-Header': method },
      );
      assert.deepEqual(reply, { status: 200, text: '{"ok":true}' });
    }
    const list = store.list();
    assert.deepEqual(
      list.map((c) => c.method),
      [...methods].reverse(),
    ); // newest first
    const put = list.find((c) => c.method === 'PUT');
    assert.ok(put);
    assert.equal(put.path, '/any/put?q=PUT');
    assert.equal(put.body, 'body of PUT');
    assert.equal(put.isText, true);
    assert.equal(put.size, 11);
    assert.equal(put.truncated, false);
    assert.equal(put.remoteAddress, '127.0.0.1');
    assert.ok(
      put.headers.some(([name, value]) => name === 'X-Custom-Header' && value === 'PUT'),
      'raw header name kept',
    );
    assert.ok(!Number.isNaN(Date.parse(put.receivedAt)));
    assert.equal(new Set(list.map((c) => c.id)).size, 5);
    const get = list.find((c) => c.method === 'GET');
    assert.equal(get?.size, 0);
  });

  it('keeps the first 1 MiB of a larger body, flags it truncated and records the full size', async () => {
    const big = 'x'.repeat(MAX_CAPTURED_BODY_BYTES + 12_345);
    assert.equal((await send(url, 'POST', big)).status, 200);
    const [captured] = store.list();
    assert.ok(captured);
    assert.equal(captured.truncated, true);
    assert.equal(captured.size, big.length);
    assert.equal(captured.body.length, MAX_CAPTURED_BODY_BYTES);
    assert.equal(captured.isText, true);
  });

  it('keeps a binary body as base64 and a non-JSON text body as text', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x10, 0x80]);
    await send(url, 'POST', bytes, { 'content-type': 'application/octet-stream' });
    await send(url, 'POST', 'name=value&x=1', { 'content-type': 'application/x-www-form-urlencoded' });
    const [form, binary] = store.list();
    assert.ok(form && binary);
    assert.equal(binary.isText, false);
    assert.equal(binary.body, bytes.toString('base64'));
    assert.deepEqual(captureBodyBytes(binary), bytes);
    assert.equal(form.isText, true);
    assert.equal(form.body, 'name=value&x=1');
  });

  it('recognises the event from the path, else from the payload fields', async () => {
    const read = generatePayload({ type: 'message', event: 'read', seed: 1, now: NOW });
    await send(`${url}zipwhip/message/receive`, 'POST', generatePayload({ type: 'message', event: 'receive', seed: 1 }).json);
    await send(url, 'POST', read.json, read.headers);
    await send(`${url}hooks/optout`, 'POST', '{}');
    await send(`${url}other`, 'POST', 'plain text');
    const [other, optout, byBody, byPath] = store.list();
    assert.deepEqual([byPath?.event, byPath?.eventFrom], ['message:receive', 'path']);
    assert.deepEqual([byBody?.event, byBody?.eventFrom], ['message:read', 'payload']);
    assert.equal(optout?.event, 'optout:change');
    assert.equal(other?.event, undefined);
  });

  it('tells events apart from payload fields alone', () => {
    const guess = (type: string, event: string, statusCode?: number): string | undefined =>
      recognizeEvent('/', generatePayload({ type, event, seed: 1, now: NOW, ...(statusCode === undefined ? {} : { statusCode }) }).json)
        ?.event;
    assert.equal(guess('message', 'receive'), 'message:receive');
    assert.equal(guess('message', 'send'), 'message:send');
    assert.equal(guess('message', 'progress', 4), 'message:progress');
    assert.equal(guess('message', 'read'), 'message:read');
    assert.equal(guess('message', 'delete'), 'message:delete');
    assert.equal(guess('optout', 'change'), 'optout:change');
    // A GET delivery carries the fields in the query.
    assert.equal(recognizeEvent('/in?messageType=MO&read=true&body=x', undefined)?.event, 'message:read');
    assert.equal(recognizeEvent('/in', '{"hello":1}'), undefined);
  });

  it('refuses a request addressed to another host with 403 and a hint, without capturing it', async () => {
    const port = Number(new URL(url).port);
    const refused = await sendWithHost(port, 'evil.example');
    assert.equal(refused.status, 403);
    assert.match(refused.text, /zipwhip\.receiver\.allowedHosts/);
    const rebound = await sendWithHost(port, `evil.example:${port}`);
    assert.equal(rebound.status, 403, 'a rebound name at the right port is still another host');
    assert.equal(store.size, 0);
    assert.equal(server.refusedCount, 2);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await sendWithHost(port, host)).status, 200, host);
    }
    assert.equal(store.size, 3);
  });

  it('answers a host named in allowedHosts (a tunnel), also after the setting changes', async () => {
    const port = Number(new URL(url).port);
    assert.equal((await sendWithHost(port, 'abc.tunnel.example')).status, 403);
    server.setAllowedHosts(['abc.tunnel.example']);
    assert.equal((await sendWithHost(port, 'abc.tunnel.example')).status, 200);
    assert.equal((await sendWithHost(port, 'ABC.tunnel.example:443')).status, 200, 'any port when the entry has none');
    server.setAllowedHosts([]);
    assert.equal((await sendWithHost(port, 'abc.tunnel.example')).status, 403);
    assert.deepEqual(
      store.list().map((c) => c.headers.find(([n]) => n.toLowerCase() === 'host')?.[1]),
      ['ABC.tunnel.example:443', 'abc.tunnel.example'],
    );
    assert.equal(server.refusedCount, 2);
  });

  it('cuts a client that dribbles its headers once the headers time-out passes', async function () {
    this.timeout(10_000);
    const slow = new CaptureServer({ store, headersTimeoutMs: 300, requestTimeoutMs: 1000 });
    const { url: slowUrl } = await slow.start();
    const socket = connect(Number(new URL(slowUrl).port), '127.0.0.1');
    const started = Date.now();
    const dribble = setInterval(() => socket.write('X-Slow: 1\r\n'), 50);
    try {
      socket.write(`POST / HTTP/1.1\r\nHost: ${new URL(slowUrl).host}\r\n`);
      const closedAfter = await new Promise<number>((resolve, reject) => {
        socket.on('close', () => {
          resolve(Date.now() - started);
        });
        socket.on('error', () => undefined);
        setTimeout(() => {
          reject(new Error('still connected after 5 s'));
        }, 5000);
      });
      assert.ok(closedAfter < 2500, `closed after ${closedAfter} ms`);
      assert.equal(store.size, 0);
    } finally {
      clearInterval(dribble);
      socket.destroy();
      await slow.stop();
    }
  });

  it('notifies listeners after a capture arrives', async () => {
    let changes = 0;
    const subscription = store.onDidChange(() => changes++);
    await send(url, 'POST', '1');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(changes, 1);
    subscription.dispose();
    await send(url, 'POST', '2');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(changes, 1);
    assert.equal(store.size, 2);
  });
});

/** The garbage collector, to check that a dropped capture is no longer held. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('CaptureStore', () => {
  it('drops the oldest beyond its limit and lists newest first', () => {
    const store = new CaptureStore({ count: 3 });
    for (let i = 1; i <= 10; i++) store.add(capture({ id: `c-${i}` }));
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['c-10', 'c-9', 'c-8'],
    );
    assert.deepEqual(
      store.oldestFirst().map((c) => c.id),
      ['c-8', 'c-9', 'c-10'],
    );
    assert.equal(store.size, 3);
    assert.equal(store.totalCaptured, 10);
    assert.equal(store.get('c-9')?.id, 'c-9');
    assert.equal(store.get('c-7'), undefined);
    store.clear();
    assert.deepEqual(store.list(), []);
    assert.equal(store.bytes, 0);
    assert.throws(() => new CaptureStore({ count: 0 }), RangeError);
  });

  it('lets go of a capture as soon as it drops out at the count limit (not at twice the limit)', async () => {
    const gc = collectGarbage();
    const store = new CaptureStore({ count: 4 });
    const refs: WeakRef<Capture>[] = [];
    for (let i = 0; i < 5; i++) {
      const c = capture({ id: `c-${i}`, body: 'x'.repeat(1000 + i) });
      refs.push(new WeakRef(c));
      store.add(c);
    }
    assert.equal(store.size, 4);
    // WeakRefs hold their target until the end of the current job.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.equal(refs[0]?.deref(), undefined, 'the dropped capture was still held');
    assert.ok(refs[1]?.deref(), 'a kept capture was collected');
  });

  it('trims the oldest at the byte limit, keeps the newest even when it alone is larger, and stays exact after many adds', () => {
    const one = captureCost(capture({ body: 'x'.repeat(3000) }));
    const store = new CaptureStore({ count: 1000, bytes: 3 * one + 10 });
    for (let i = 0; i < 10; i++) store.add(capture({ id: `c-${i}`, body: 'x'.repeat(3000) }));
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['c-9', 'c-8', 'c-7'],
    );
    assert.equal(store.bytes, 3 * one);
    store.add(capture({ id: 'big', body: 'y'.repeat(10 * one) }));
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['big'],
    );
    // Many adds past the limits (the array's head is cut off now and then): size and order stay exact.
    const small = new CaptureStore({ count: 7 });
    for (let i = 0; i < 1000; i++) small.add(capture({ id: `s-${i}` }));
    assert.equal(small.size, 7);
    assert.deepEqual(
      small.list().map((c) => c.id),
      ['s-999', 's-998', 's-997', 's-996', 's-995', 's-994', 's-993'],
    );
    assert.deepEqual(
      small.addedSince(997).map((c) => c.id),
      ['s-997', 's-998', 's-999'],
    );
    assert.equal(small.addedSince(0).length, 7, 'only what is still kept');
    small.setLimits({ count: 2, bytes: 1e9 });
    assert.deepEqual(
      small.list().map((c) => c.id),
      ['s-999', 's-998'],
    );
  });

  it('puts restored captures before the ones that arrived meanwhile, once each', () => {
    const store = new CaptureStore({ count: 3 });
    store.add(capture({ id: 'new' }));
    store.restore([capture({ id: 'old-1' }), capture({ id: 'old-2' }), capture({ id: 'old-3' }), capture({ id: 'new' })]);
    assert.deepEqual(
      store.list().map((c) => c.id),
      ['new', 'old-3', 'old-2'],
    );
    assert.equal(store.totalCaptured, 1);
  });

  it('coalesces a burst of adds into one change notification', async () => {
    const store = new CaptureStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    for (let i = 0; i < 100; i++) store.add(capture({ id: `c-${i}` }));
    assert.equal(changes, 0, 'not synchronously');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(changes, 1);
    store.clear();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(changes, 2);
  });

  it('survives a JSON round trip and skips entries that do not validate', async () => {
    const store = new CaptureStore();
    store.add(capture({ id: 'a', remoteAddress: '127.0.0.1', event: 'message:receive', eventFrom: 'path' }));
    store.add(capture({ id: 'b', body: '/w==', isText: false, size: 2 }));
    const saved = JSON.parse(JSON.stringify(store.toJSON())) as { captures: unknown[] };
    const restored = CaptureStore.fromJSON(saved);
    assert.deepEqual(restored.list(), store.list());

    const tampered = {
      version: 1,
      captures: [{ id: 'x' }, 'junk', ...saved.captures, { ...capture({ id: 'bad' }), receivedAt: 'yesterday' }],
    };
    assert.deepEqual(
      CaptureStore.fromJSON(tampered)
        .list()
        .map((c) => c.id),
      ['b', 'a'],
    );
    assert.deepEqual(CaptureStore.fromJSON(null).list(), []);
    assert.deepEqual(CaptureStore.fromJSON({ captures: 'nope' }).list(), []);
    assert.equal(CaptureStore.fromJSON(saved, { count: 1 }).list().length, 1);
    const exported = await exportCaptures(store.list());
    assert.equal(
      Buffer.from(exported).toString('utf8'),
      `${JSON.stringify(store.toJSON(), null, 2)}\n`,
      'the export is what one JSON.stringify would write',
    );
    assert.equal(Buffer.from(await exportCaptures([])).toString('utf8'), `${JSON.stringify({ version: 1, captures: [] }, null, 2)}\n`);
  });

  it('drops saved entries whose method or headers could not have come off the wire', () => {
    const entries = [
      capture({ id: 'ok', headers: [['X-Fine', 'tab\tand unicode é']] }),
      capture({ id: 'crlf-value', headers: [['X-A', 'a\r\nInjected: 1']] }),
      capture({ id: 'lf-value', headers: [['X-A', 'a\nb']] }),
      capture({ id: 'nul-value', headers: [['X-A', 'a\u0000b']] }),
      capture({ id: 'space-name', headers: [['X A', '1']] }),
      capture({ id: 'colon-name', headers: [['X-A:', '1']] }),
      capture({ id: 'empty-name', headers: [['', '1']] }),
      capture({ id: 'crlf-method', method: 'GET\r\nX: 1' }),
      capture({ id: 'space-method', method: 'GET /' }),
      capture({ id: 'crlf-path', path: '/a\r\nX: 1' }),
    ];
    assert.deepEqual(
      CaptureStore.fromJSON({ version: 1, captures: entries })
        .list()
        .map((c) => c.id),
      ['ok'],
    );
  });
});

describe('replay', function () {
  this.timeout(5000);
  let target: RecordingServer;
  beforeEach(async () => {
    target = await startRecordingServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"replayed":true}');
    });
  });
  afterEach(async () => {
    await target.close();
  });

  it('resends method, exact body bytes and headers (less hop-by-hop) through a real capture', async () => {
    const store = new CaptureStore();
    const server = new CaptureServer({ store });
    const { url } = await server.start();
    try {
      const bytes = Buffer.from([0x7b, 0x00, 0xff, 0xc3, 0x28, 0x7d]); // not UTF-8
      await send(`${url}message/receive?token=t1`, 'PATCH', bytes, { 'X-Trace': 'abc', 'Content-Type': 'application/octet-stream' });
      const [captured] = store.list();
      assert.ok(captured);
      const outcome = await replay(captured, `${target.url}dev/hook`, { timeoutMs: 2000 });
      assert.equal(outcome.status, 201);
      assert.equal(outcome.responseBody.text, '{"replayed":true}');
      const seen = target.seen[0];
      assert.ok(seen);
      assert.equal(seen.method, 'PATCH');
      assert.equal(seen.url, '/dev/hook?token=t1');
      assert.deepEqual(seen.body, bytes);
      assert.equal(seen.headers['x-trace'], 'abc');
      assert.equal(seen.headers['content-type'], 'application/octet-stream');
      assert.notEqual(seen.headers.host, new URL(url).host);
    } finally {
      await server.stop();
    }
  });

  it('keeps the target query over the captured one, and sends no body when none was received', async () => {
    await replay(capture({ method: 'GET', path: '/in?id=1', body: '', size: 0 }), `${target.url}x?mine=1`);
    const seen = target.seen[0];
    assert.ok(seen);
    assert.equal(seen.url, '/x?mine=1');
    assert.equal(seen.body.length, 0);
    assert.equal(replayUrl('/a?b=1', 'http://h/t#f'), 'http://h/t?b=1');
    assert.equal(replayUrl('/a', 'http://h/t'), 'http://h/t');
  });

  it('drops the headers that the captured Connection header names', () => {
    assert.deepEqual(
      replayHeaders([
        ['Connection', 'X-Hop, keep-alive'],
        ['connection', ' x-other '],
        ['X-Hop', 'secret'],
        ['x-other', '1'],
        ['X-Kept', 'yes'],
      ]),
      { 'X-Kept': 'yes' },
    );
  });

  it("keeps an odd request target on the receiver's origin as text (Copy as cURL)", () => {
    const base = 'http://127.0.0.1:8787/';
    assert.equal(urlOnOrigin(base, '//evil.example/steal?x=1'), 'http://127.0.0.1:8787//evil.example/steal?x=1');
    assert.equal(urlOnOrigin(base, 'http://evil.example/x'), 'http://127.0.0.1:8787/http://evil.example/x');
    assert.equal(urlOnOrigin(base, '/../../etc/passwd'), 'http://127.0.0.1:8787/../../etc/passwd');
    assert.equal(urlOnOrigin('http://[::1]:9/ignored?q', '/a?b=1'), 'http://[::1]:9/a?b=1');
  });

  it('drops hop-by-hop headers and joins repeated ones', () => {
    assert.deepEqual(
      replayHeaders([
        ['Host', 'a'],
        ['Content-Length', '3'],
        ['Connection', 'keep-alive'],
        ['Transfer-Encoding', 'chunked'],
        ['Expect', '100-continue'],
        ['X-A', '1'],
        ['x-a', '2'],
        ['Cookie', 'a=1'],
        ['cookie', 'b=2'],
      ]),
      { 'X-A': '1, 2', Cookie: 'a=1; b=2' },
    );
  });
});

describe('result documents', () => {
  it('renders a capture with the request line, headers and a losslessly indented JSON body', () => {
    const text = renderCapture(
      capture({
        path: '/zw/message/receive?x=1',
        body: '{"id":1327295480212647936,"n":1.50,"nested":{"a":[1,2]}}',
        size: 55,
        remoteAddress: '127.0.0.1',
        event: 'message:receive',
        eventFrom: 'path',
      }),
    );
    assert.ok(text.includes('POST /zw/message/receive?x=1 HTTP/1.1\nContent-Type: application/json\n'), text);
    assert.ok(text.includes('"id": 1327295480212647936,'), text);
    assert.ok(text.includes('"n": 1.50'), 'numbers stay as written');
    assert.ok(text.includes('\n  "nested": {\n    "a": [\n'), text);
    assert.ok(text.includes('- Event: message:receive (recognised from the path)'));
    assert.ok(text.includes('\nx = 1\n'), 'query parameters listed');
    assert.match(text, /```json\n\{\n {2}"id": 1327295480212647936,/, 'the body is a highlighted JSON block');
  });

  it('shows what each handler answered, failures included, with server text kept inside fences', () => {
    const text = renderCapture(
      capture({
        forwards: [
          {
            target: 'http://h/',
            url: 'http://h/in',
            status: 500,
            headers: [['content-type', 'text/plain']],
            body: 'boom ``` [x](command:y)',
            isText: true,
            bodyBytes: 23,
            totalMs: 12.2,
            timeToFirstByteMs: 3,
          },
          {
            target: 'http://g/',
            url: 'http://g/audit',
            totalMs: 400,
            failure: { kind: 'timeout', message: 'No complete answer within 400 ms.' },
          },
        ],
      }),
    );
    assert.ok(text.includes('## Forwarded to http://h/in\n'));
    assert.ok(text.includes('HTTP 500 Internal Server Error\ncontent-type: text/plain'));
    assert.match(text, /````text\nboom ``` \[x\]\(command:y\)\n````/, 'a longer fence: the answer cannot close it');
    assert.ok(text.includes('Time to first byte: 3 ms · total: 12 ms'));
    assert.ok(text.includes('## Forwarded to http://g/audit\n\nFailed: timeout: No complete answer within 400 ms.'));
  });

  it('shows non-JSON text as is, binary as hex and base64, and notes truncation', () => {
    assert.ok(renderCapture(capture({ body: 'a=1&b=2', size: 7 })).includes('```text\na=1&b=2\n```'));
    const binary = renderCapture(capture({ body: Buffer.from([0, 1, 2, 255]).toString('base64'), isText: false, size: 4 }));
    assert.ok(binary.includes('binary body, 4 bytes'));
    assert.ok(binary.includes('00000000  00 01 02 ff'));
    assert.ok(binary.includes('AAEC/w=='));
    const truncated = renderCapture(capture({ body: '{"cut":', size: 5_000_000, truncated: true }));
    assert.ok(truncated.includes('truncated (7 bytes kept)'));
    assert.ok(truncated.includes('{"cut":'), 'cut JSON shown as text');
    assert.ok(renderCapture(capture({ body: '', size: 0 })).includes('(no body)'));
  });

  it('renders a delivery outcome with request, status, timings and response', () => {
    const text = renderDeliveryOutcome({
      request: { method: 'POST', url: 'https://h.example/in', headers: { 'User-Agent': 'UA' }, body: '{"id":1327295480212647936}' },
      status: 404,
      responseHeaders: { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] },
      responseBody: { text: 'nope', truncated: true, totalBytes: 100_000 },
      timeToFirstByteMs: 12.4,
      totalMs: 15.6,
    });
    assert.ok(text.includes('POST https://h.example/in\nUser-Agent: UA\n'));
    assert.ok(text.includes('"id": 1327295480212647936'));
    assert.ok(text.includes('HTTP 404 Not Found'));
    assert.ok(text.includes('Time to first byte: 12 ms · total: 16 ms'));
    assert.ok(text.includes('set-cookie: a=1\nset-cookie: b=2'));
    assert.ok(text.includes('truncated: only the first 65536 of 100000 bytes'));
    const failed = renderDeliveryOutcome({
      request: { method: 'GET', url: 'http://h/', headers: {} },
      responseBody: { text: '', truncated: false, totalBytes: 0 },
      totalMs: 3,
      error: 'connect ECONNREFUSED',
    });
    assert.ok(failed.includes('Failed: connect ECONNREFUSED'));
    assert.ok(failed.includes('(no body)'));
  });
});
