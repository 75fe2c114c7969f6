import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { captureHistory } from '../../src/receiver/captureHistory';
import { parseForwardTable } from '../../src/receiver/forwardRoutes';
import { ReceiverHost } from '../../src/receiver/receiverHost';
import { startRecordingServer, type RecordingServer } from './helpers/recordingServer';

const LIMITS = { count: 100, bytes: 64 * 1024 * 1024 };

async function send(url: string, path: string, body: string): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const res = await request(new URL(path, url), {
    method: 'POST',
    body,
    reset: true,
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

describe('the receiver forwarding to handlers', () => {
  const hosts: ReceiverHost[] = [];
  const servers: RecordingServer[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.dispose()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function receiver(
    table: Record<string, string | string[]>,
    timeoutMs = 2000,
    folder?: string,
  ): Promise<{ host: ReceiverHost; url: string }> {
    const host = new ReceiverHost({ limits: LIMITS, allowedHosts: [], ...(folder ? { history: captureHistory(folder) } : {}) });
    hosts.push(host);
    const url = await host.start({ host: '127.0.0.1', port: 0, forward: { table: parseForwardTable(table).table, timeoutMs } });
    return { host, url };
  }

  it("relays the first handler's answer to the sender and keeps every handler's result with the capture", async () => {
    const first = await startRecordingServer((_req, res) => res.writeHead(500, { 'x-from': 'handler' }).end('handler broke'));
    const audit = await startRecordingServer((_req, res) => res.writeHead(204).end());
    servers.push(first, audit);
    const { host, url } = await receiver({ 'message/receive': [first.url, audit.url] });
    const answer = await send(url, '/zipwhip/message/receive', '{"id":1327295480212647936}');
    assert.equal(answer.status, 500, 'the sender sees what the handler said');
    assert.equal(answer.text, 'handler broke');
    assert.equal(answer.headers['x-from'], 'handler');
    assert.equal(first.seen[0]?.url, '/zipwhip/message/receive', 'an origin-only target gets the captured path');
    assert.equal(first.seen[0].body.toString(), '{"id":1327295480212647936}');
    assert.equal(audit.seen.length, 1, 'fan-out');
    const capture = host.list()[0];
    assert.ok(capture);
    assert.equal(capture.forwarding, undefined);
    assert.deepEqual(
      capture.forwards?.map((f) => f.status),
      [500, 204],
    );
    assert.ok((capture.forwards[0]?.totalMs ?? -1) >= 0);
  });

  it('answers 504 when the handler times out and 502 when it is not there, and records why', async () => {
    const hang = await startRecordingServer(() => {
      /* never answers */
    });
    servers.push(hang);
    const slow = await receiver({ '*': hang.url }, 300);
    const timedOut = await send(slow.url, '/zipwhip/message/send', '{}');
    assert.equal(timedOut.status, 504);
    assert.equal(slow.host.list()[0]?.forwards?.[0]?.failure?.kind, 'timeout');
    const gone = await receiver({ '*': 'http://127.0.0.1:9/' });
    const refused = await send(gone.url, '/x', '{}');
    assert.equal(refused.status, 502);
    assert.match(refused.text, /did not answer/);
    assert.equal(gone.host.list()[0]?.forwards?.[0]?.failure?.kind, 'refused');
  });

  it('keeps capturing while paused, answers 200, forwards nothing, and says so on the capture', async () => {
    const handler = await startRecordingServer((_req, res) => res.end('ok'));
    servers.push(handler);
    const { host, url } = await receiver({ '*': handler.url });
    host.pauseForwarding();
    assert.equal(host.forwardingState, 'paused');
    assert.equal((await send(url, '/zipwhip/message/read', '{}')).status, 200);
    assert.equal(handler.seen.length, 0);
    assert.equal(host.list()[0]?.forwarding, 'paused');
    host.resumeForwarding();
    assert.equal((await send(url, '/zipwhip/message/read', '{}')).status, 200);
    assert.equal(handler.seen.length, 1);
    assert.equal(host.size, 2);
  });

  it('captures an event the table does not route, without forwarding it, and saves results in the history', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'zw-fwd-'));
    try {
      const handler = await startRecordingServer((_req, res) => res.writeHead(201).end('made'));
      servers.push(handler);
      const { host, url } = await receiver({ 'message/receive': handler.url }, 2000, folder);
      assert.equal((await send(url, '/zipwhip/message/progress', '{}')).status, 200);
      assert.equal((await send(url, '/zipwhip/message/receive', '{}')).status, 201);
      assert.equal(handler.seen.length, 1);
      await host.flush();
      const text = readdirSync(folder)
        .map((f) => readFileSync(join(folder, f), 'utf8'))
        .join('');
      assert.match(text, /"forwards":\[\{"target":"http:\/\/127\.0\.0\.1:\d+\/","url":"[^"]+","status":201/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
