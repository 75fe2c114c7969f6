import * as assert from 'node:assert/strict';
import { forward, isFailedForward, type ForwardRequest } from '../../src/receiver/forwarder';
import {
  allTargets,
  forwardUrl,
  isLocalTarget,
  parseForwardTable,
  reviewTargets,
  targetsFor,
  withCatchAll,
} from '../../src/receiver/forwardRoutes';
import { endToEndHeaders } from '../../src/net/hopByHop';
import { deadUrl, startRecordingServer, type RecordingServer } from './helpers/recordingServer';

describe('forward routes (zipwhip.receiver.forward)', () => {
  it('routes an event to its own targets, else to *, and fans out in order', () => {
    const { table, problems } = parseForwardTable({
      'message/receive': ['http://localhost:3000/sms/in', 'http://localhost:4000/audit'],
      '*': 'http://localhost:3000/zipwhip',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(targetsFor(table, 'message:receive'), ['http://localhost:3000/sms/in', 'http://localhost:4000/audit']);
    assert.deepEqual(targetsFor(table, 'optout:change'), ['http://localhost:3000/zipwhip']);
    assert.deepEqual(targetsFor(table, undefined), ['http://localhost:3000/zipwhip'], 'an unrecognised request goes to *');
    assert.deepEqual(allTargets(table), ['http://localhost:3000/sms/in', 'http://localhost:4000/audit', 'http://localhost:3000/zipwhip']);
    assert.deepEqual(targetsFor(parseForwardTable({ 'message/send': 'http://h/x' }).table, 'message:receive'), [], 'no route, no target');
  });

  it('keeps what is valid and says what is not', () => {
    const { table, problems } = parseForwardTable({
      'message/recieve': 'http://h/typo',
      'MESSAGE/READ': 'http://h/read',
      'message/send': ['ftp://h/x', 'http://h/sent'],
      'message/delete': [],
    });
    assert.deepEqual([...table.keys()], ['message/read', 'message/send']);
    assert.deepEqual(table.get('message/send'), ['http://h/sent']);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0] ?? '', /message\/recieve/);
    assert.equal(parseForwardTable('http://h/').problems.length, 1);
    assert.equal(parseForwardTable(undefined).table.size, 0);
  });

  it('adds the captured path to an origin-only target, and the query to a target with a path', () => {
    assert.equal(forwardUrl('http://localhost:3000', '/zipwhip/message/receive?a=1'), 'http://localhost:3000/zipwhip/message/receive?a=1');
    assert.equal(forwardUrl('http://localhost:3000/', '/x'), 'http://localhost:3000/x');
    assert.equal(forwardUrl('http://localhost:3000/in', '/zipwhip/message/receive?body=hi'), 'http://localhost:3000/in?body=hi');
    assert.equal(forwardUrl('http://localhost:3000/in?k=v', '/x?body=hi'), 'http://localhost:3000/in?k=v');
    assert.equal(
      forwardUrl('http://localhost:3000', '//evil.example/x'),
      'http://localhost:3000//evil.example/x',
      'the path stays on the target',
    );
  });
});

describe('forwarding a capture', () => {
  const servers: RecordingServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  const request = (overrides: Partial<ForwardRequest> = {}): ForwardRequest => ({
    method: 'POST',
    target: '/zipwhip/message/receive?x=1',
    headers: [
      ['Host', '127.0.0.1:8787'],
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['X-Dup', 'a'],
      ['Connection', 'keep-alive, X-Hop'],
      ['X-Hop', 'per-connection'],
      ['Keep-Alive', 'timeout=5'],
      ['TE', 'trailers'],
      ['Proxy-Authorization', 'Basic eA=='],
      ['User-Agent', 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)'],
      ['X-Dup', 'b'],
    ],
    body: Buffer.from('{"id":1327295480212647936,"body":"Ünïcode ✓"}'),
    ...overrides,
  });

  it('sends the exact method, path, end-to-end headers (order and repeats kept) and body bytes', async () => {
    const handler = await startRecordingServer((_req, res) => res.writeHead(201, { 'x-handler': 'yes' }).end('{"handled":true}'));
    servers.push(handler);
    const sent = request();
    const { results, relay } = await forward(sent, [handler.url], { timeoutMs: 5000 });
    const got = handler.seen[0];
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/zipwhip/message/receive?x=1');
    assert.deepEqual(got.body, sent.body, 'the body bytes are exact');
    const names = got.rawHeaders.filter((_v, i) => i % 2 === 0).map((n) => n.toLowerCase());
    for (const dropped of ['x-hop', 'keep-alive', 'te', 'proxy-authorization'])
      assert.ok(!names.includes(dropped), `${dropped} is not passed on`);
    assert.deepEqual(got.headers['x-dup'], 'a, b');
    assert.ok(names.indexOf('content-type') < names.indexOf('user-agent'), 'the order is kept');
    assert.equal(got.headers['user-agent'], 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)');
    assert.equal(got.headers.host, new URL(handler.url).host, 'Host names the target');
    const first = results[0];
    assert.ok(first);
    assert.equal(first.status, 201);
    assert.equal(first.body, '{"handled":true}');
    assert.ok(first.timeToFirstByteMs !== undefined && first.timeToFirstByteMs >= 0 && first.totalMs >= first.timeToFirstByteMs);
    assert.equal(relay?.status, 201);
    assert.equal(relay.body.toString(), '{"handled":true}');
    assert.ok(relay.headers.some(([n, v]) => n === 'x-handler' && v === 'yes'));
    assert.ok(!relay.headers.some(([n]) => n === 'connection' || n === 'keep-alive'), 'hop-by-hop answer headers are not relayed');
  });

  it("fans out to every target; the first one's answer is relayed, each result kept", async () => {
    const first = await startRecordingServer((_req, res) => res.writeHead(500).end('boom'));
    const second = await startRecordingServer((_req, res) => res.writeHead(200).end('ok'));
    servers.push(first, second);
    const { results, relay } = await forward(request(), [first.url, second.url], { timeoutMs: 5000 });
    assert.equal(first.seen.length, 1);
    assert.equal(second.seen.length, 1);
    assert.deepEqual(
      results.map((r) => r.status),
      [500, 200],
    );
    assert.deepEqual(
      results.map((r) => isFailedForward(r)),
      [true, false],
    );
    assert.equal(relay?.status, 500, 'the sender learns that the first handler failed');
  });

  it('records a refused connection, a reset and a time-out per target, without holding up the others', async () => {
    const hang = await startRecordingServer(() => {
      /* never answers */
    });
    const reset = await startRecordingServer((_req, res) => {
      res.socket?.destroy();
    });
    const fine = await startRecordingServer((_req, res) => res.end('fine'));
    servers.push(hang, reset, fine);
    const dead = await deadUrl();
    const started = performance.now();
    const { results, relay } = await forward(request(), [dead, reset.url, hang.url, fine.url], { timeoutMs: 400 });
    const elapsed = performance.now() - started;
    assert.deepEqual(
      results.map((r) => r.failure?.kind),
      ['refused', 'reset', 'timeout', undefined],
    );
    assert.match(results[2]?.failure?.message ?? '', /400 ms/);
    assert.equal(results[3]?.status, 200);
    assert.equal(relay, undefined, 'nothing to relay when the first target failed');
    assert.ok(elapsed < 3000, `bounded by the per-target time-out (${Math.round(elapsed)} ms)`);
  });

  it('keeps only the head of a large answer, with its full size', async () => {
    const big = Buffer.alloc(200 * 1024, 0x61);
    const handler = await startRecordingServer((_req, res) => res.end(big));
    servers.push(handler);
    const { results, relay } = await forward(request(), [handler.url], { timeoutMs: 5000 });
    const first = results[0];
    assert.ok(first);
    assert.equal(first.body?.length, 64 * 1024);
    assert.equal(first.bodyBytes, big.length);
    assert.equal(relay?.body.length, big.length, 'the sender gets the whole answer');
  });

  it('drops hop-by-hop headers and the ones Connection names', () => {
    assert.deepEqual(
      endToEndHeaders([
        ['Connection', 'close, X-A'],
        ['x-a', '1'],
        ['X-B', '2'],
        ['Transfer-Encoding', 'chunked'],
        ['Upgrade', 'h2c'],
      ]),
      [['X-B', '2']],
    );
  });
});

describe('forwarding targets: what may leave this machine', () => {
  it('refuses a remote target only a workspace names, asks for other remote targets, keeps local ones', () => {
    const { table } = parseForwardTable({
      'message/receive': ['http://127.0.0.1:3000/in', 'https://evil.example/steal'],
      '*': 'https://hooks.mine.example/z',
    });
    const review = reviewTargets(table, new Set(['https://evil.example/steal']));
    assert.deepEqual(review.refused, ['https://evil.example/steal']);
    assert.deepEqual(review.toConfirm, ['https://hooks.mine.example/z']);
    assert.deepEqual(targetsFor(review.table, 'message:receive'), ['http://127.0.0.1:3000/in']);
    assert.deepEqual(
      reviewTargets(parseForwardTable({ '*': 'http://localhost:3000' }).table, new Set(['http://localhost:3000'])).refused,
      [],
      'a local target from a workspace is fine',
    );
    assert.equal(isLocalTarget('http://127.0.0.1.evil.example/'), false);
    assert.deepEqual(targetsFor(withCatchAll(parseForwardTable({ 'message/send': 'http://h/s' }).table, 'http://h/all'), 'message:read'), [
      'http://h/all',
    ]);
    assert.deepEqual(
      targetsFor(withCatchAll(parseForwardTable({ '*': 'http://h/own' }).table, 'http://h/all'), 'message:read'),
      ['http://h/own'],
      "the table's own * wins",
    );
  });
});
