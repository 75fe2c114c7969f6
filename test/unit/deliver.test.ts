import * as assert from 'node:assert/strict';
import { parseJson } from '../../src/model/losslessJson';
import { buildDeliveryRequest, deliver, deliverWithRetries, RESPONSE_BODY_LIMIT, type DeliveryAttempt } from '../../src/deliveries/deliver';
import { generatePayload } from '../../src/deliveries/payloads';
import { SandboxServer } from '../../src/sandbox/server';
import { envelope, postForm } from './helpers/http';
import { deadUrl, startRecordingServer, type RecordingServer } from './helpers/recordingServer';

const NOW = new Date('2020-11-13T17:01:17Z');

describe('deliver', function () {
  this.timeout(5000);
  const servers: RecordingServer[] = [];
  async function server(...args: Parameters<typeof startRecordingServer>): Promise<RecordingServer> {
    const started = await startRecordingServer(...args);
    servers.push(started);
    return started;
  }
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('sends method, url, headers and the exact body, and reports status, headers, body and timings', async () => {
    const receiver = await server((_req, res) => {
      res.writeHead(202, { 'x-receiver': 'yes', 'content-type': 'text/plain' });
      res.end('thanks');
    });
    const payload = generatePayload({ type: 'message', event: 'receive', seed: 1, now: NOW });
    const request = buildDeliveryRequest({ method: 'put', url: `${receiver.url}zw/message/receive?k=1` }, payload);
    const outcome = await deliver(request, { timeoutMs: 2000 });

    const seen = receiver.seen[0];
    assert.ok(seen);
    assert.equal(seen.method, 'PUT');
    assert.equal(seen.url, '/zw/message/receive?k=1');
    assert.equal(seen.body.toString('utf8'), payload.json);
    assert.ok(seen.body.toString('utf8').includes('"id":1327296107286588524,'));
    assert.equal(seen.headers['content-type'], 'application/json;charset=UTF-8');
    assert.equal(seen.headers['user-agent'], 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)');

    assert.equal(outcome.status, 202);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.responseHeaders?.['x-receiver'], 'yes');
    assert.deepEqual(outcome.responseBody, { text: 'thanks', truncated: false, totalBytes: 6 });
    assert.ok(outcome.timeToFirstByteMs !== undefined && outcome.timeToFirstByteMs <= outcome.totalMs);
    assert.equal(outcome.request, request);
  });

  it('sends a GET delivery as query fields, without a body or Content-Type', async () => {
    const receiver = await server((_req, res) => res.end());
    const payload = generatePayload({ type: 'message', event: 'send', seed: 2, now: NOW });
    const outcome = await deliver(buildDeliveryRequest({ method: 'GET', url: `${receiver.url}send?x=1` }, payload));
    assert.equal(outcome.status, 200);
    const seen = receiver.seen[0];
    assert.ok(seen);
    assert.equal(seen.method, 'GET');
    assert.equal(seen.body.length, 0);
    assert.equal(seen.headers['content-type'], undefined);
    const query = new URL(seen.url, receiver.url).searchParams;
    assert.equal(query.get('x'), '1');
    assert.equal(query.get('id'), payload.messageId);
    assert.equal(query.get('messageType'), 'ZO');
  });

  it('keeps the first 64 KiB of a large response and counts the rest', async () => {
    const big = Buffer.alloc(RESPONSE_BODY_LIMIT * 2 + 10, 'a');
    const receiver = await server((_req, res) => res.end(big));
    const outcome = await deliver({ method: 'POST', url: receiver.url, headers: {}, body: '{}' });
    assert.equal(outcome.responseBody.truncated, true);
    assert.equal(outcome.responseBody.totalBytes, big.length);
    assert.equal(outcome.responseBody.text.length, RESPONSE_BODY_LIMIT);
  });

  it('reports a refused connection, a time-out and a cancel as errors without throwing', async () => {
    const refused = await deliver({ method: 'POST', url: await deadUrl(), headers: {}, body: '{}' });
    assert.equal(refused.status, undefined);
    assert.match(refused.error ?? '', /ECONNREFUSED/);

    const silent = await server(() => {
      // never answers
    });
    const timedOut = await deliver({ method: 'POST', url: silent.url, headers: {}, body: '{}' }, { timeoutMs: 150 });
    assert.equal(timedOut.error, 'No complete answer within 150 ms.');

    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, 50);
    const cancelled = await deliver({ method: 'POST', url: silent.url, headers: {}, body: '{}' }, { signal: controller.signal });
    assert.equal(cancelled.error, 'Cancelled.');
  });
});

describe('deliverWithRetries', function () {
  this.timeout(5000);
  let receiver: RecordingServer | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('retries after 500 and a dropped connection, then records the 200, waiting the back-off between', async () => {
    receiver = await startRecordingServer((_req, res, index) => {
      if (index === 0) {
        res.writeHead(500);
        res.end('database is down');
      } else if (index === 1) {
        res.socket?.destroy();
      } else {
        res.end('ok');
      }
    });
    const waits: number[] = [];
    const seenAttempts: number[] = [];
    let tick = 0;
    const result = await deliverWithRetries(
      { method: 'POST', url: receiver.url, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
      {
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        now: () => new Date(Date.UTC(2024, 0, 1, 0, 0, tick++)),
        onAttempt: (_attempt: DeliveryAttempt, index: number) => seenAttempts.push(index),
      },
    );
    assert.equal(result.delivered, true);
    assert.deepEqual(waits, [200, 400]);
    assert.deepEqual(seenAttempts, [0, 1, 2]);
    assert.equal(result.attempts.length, 3);
    assert.deepEqual(
      result.attempts.map((a) => a.at),
      ['2024-01-01T00:00:00.000Z', '2024-01-01T00:00:01.000Z', '2024-01-01T00:00:02.000Z'],
    );
    assert.deepEqual(
      result.attempts.map((a) => a.status),
      [500, undefined, 200],
    );
    assert.equal(result.attempts[0]?.responseHead, 'database is down');
    assert.match(result.attempts[1]?.error ?? '', /socket|closed/i);
    assert.equal(result.outcome.status, 200);
    assert.equal(receiver.seen.length, 3);
    assert.ok(receiver.seen.every((r) => r.body.toString() === '{"a":1}'));
  });

  it('gives up after the attempts, counting a redirect as a failure, with the last back-off repeated', async () => {
    receiver = await startRecordingServer((_req, res) => {
      res.writeHead(302, { location: 'https://elsewhere.example/' });
      res.end();
    });
    const waits: number[] = [];
    const result = await deliverWithRetries(
      { method: 'POST', url: receiver.url, headers: {}, body: '' },
      {
        attempts: 5,
        backoffMs: [10, 20],
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    assert.equal(result.delivered, false);
    assert.equal(result.attempts.length, 5);
    assert.deepEqual(waits, [10, 20, 20, 20]);
    assert.ok(result.attempts.every((a) => a.status === 302));
  });

  it('stops retrying when the signal aborts during the back-off', async () => {
    receiver = await startRecordingServer((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const controller = new AbortController();
    const started = Date.now();
    const result = await deliverWithRetries(
      { method: 'POST', url: receiver.url, headers: {}, body: '' },
      {
        backoffMs: [5_000],
        signal: controller.signal,
        onAttempt: () =>
          void setTimeout(() => {
            controller.abort();
          }, 50),
      },
    );
    assert.equal(result.attempts.length, 1);
    assert.equal(result.delivered, false);
    assert.ok(Date.now() - started < 2_000, 'the 5 s back-off was cut short');
  });
});

describe('SandboxServer deliveries with retries', function () {
  this.timeout(5000);
  const ACCOUNT = { username: '4257772300', password: 'pw' };
  let sandbox: SandboxServer;
  let base: string;
  let receiver: RecordingServer;
  let session: string;

  beforeEach(async () => {
    sandbox = new SandboxServer({ accounts: [ACCOUNT], seed: false, deliveryRetry: { sleep: () => Promise.resolve() } });
    base = await sandbox.start();
    receiver = await startRecordingServer((req, res, index) => {
      // The first delivery to /flaky fails twice; everything else succeeds.
      const fail = req.url === '/flaky' && index < 2;
      res.writeHead(fail ? 500 : 200);
      res.end(fail ? 'try again' : 'ok');
    });
    session = envelope(await postForm(base, 'user/login', ACCOUNT)).response as string;
  });

  afterEach(async () => {
    await sandbox.stop();
    await receiver.close();
  });

  it('retries a failing hook and lists every attempt in deliveryLog()', async () => {
    await postForm(base, 'webhook/add', { session, type: 'message', event: 'receive', url: `${receiver.url}flaky` });
    const [result] = await sandbox.fireEvent(ACCOUNT.username, 'message', 'receive');
    assert.ok(result);
    assert.equal(result.status, 200);
    assert.deepEqual(
      result.attempts.map((a) => a.status),
      [500, 500, 200],
    );
    const log = sandbox.deliveryLog(ACCOUNT.username);
    assert.deepEqual(
      log.map((e) => [e.attempt, e.status, e.responseHead]),
      [
        [1, 500, 'try again'],
        [2, 500, 'try again'],
        [3, 200, 'ok'],
      ],
    );
    assert.equal(log[0]?.webhookId, sandbox.hooks(ACCOUNT.username)[0]?.webhookId);
    assert.deepEqual(sandbox.deliveryLog('nobody'), []);
    // Every attempt carried the same body.
    assert.equal(new Set(receiver.seen.map((r) => r.body.toString())).size, 1);
  });

  it('delivers a progress event as the status sequence, in order', async () => {
    await postForm(base, 'webhook/add', { session, type: 'message', event: 'progress', url: `${receiver.url}progress` });
    const results = await sandbox.fireEvent(ACCOUNT.username, 'message', 'progress');
    assert.deepEqual(
      results.map((r) => [r.statusCode, r.status]),
      [
        [1, 200],
        [2, 200],
        [4, 200],
      ],
    );
    const bodies = receiver.seen.map((r) => parseJson(r.body.toString()) as { statusCode: number; id: string });
    assert.deepEqual(
      bodies.map((b) => b.statusCode),
      [1, 2, 4],
    );
    assert.equal(new Set(bodies.map((b) => b.id)).size, 1);
    assert.equal(typeof bodies[0]?.id, 'string'); // above 2^53, so kept as text by the lossless parser
  });

  it('fires `count` events through the __sandbox/fire control route', async () => {
    await postForm(base, 'webhook/add', { session, type: 'message', event: 'send', url: `${receiver.url}send` });
    const res = await postForm(base, '__sandbox/fire', {
      username: ACCOUNT.username,
      type: 'message',
      event: 'send',
      count: '3',
      token: sandbox.controlToken,
    });
    assert.equal(res.status, 200, res.text);
    assert.equal((envelope(res).response as unknown[]).length, 3);
    assert.equal(receiver.seen.length, 3);
    const ids = receiver.seen.map((r) => /"id":(\d+)/.exec(r.body.toString())?.[1]);
    assert.equal(new Set(ids).size, 3);
    const bad = await postForm(base, '__sandbox/fire', {
      username: ACCOUNT.username,
      type: 'message',
      event: 'send',
      count: '0',
      token: sandbox.controlToken,
    });
    assert.equal(bad.status, 400);
  });
});
