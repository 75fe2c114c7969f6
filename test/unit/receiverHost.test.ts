import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { captureHistory } from '../../src/receiver/captureHistory';
import { HookRedirects, type KeyValueStore } from '../../src/receiver/hookRedirects';
import { ReceiverHost } from '../../src/receiver/receiverHost';
import { formatSize } from '../../src/format';
import { captureRow } from '../../src/views/captureRows';

async function post(url: string, path: string, body: string): Promise<number> {
  const res = await request(new URL(path, url), { method: 'POST', body, reset: true, headers: { 'content-type': 'application/json' } });
  await res.body.text();
  return res.statusCode;
}

describe('ReceiverHost', () => {
  const hosts: ReceiverHost[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.dispose()));
  });

  it('captures on loopback, keeps history across a restart of the host, and saves it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'zw-host-'));
    try {
      const host = new ReceiverHost({ limits: { count: 10, bytes: 64 * 1024 * 1024 }, allowedHosts: [], history: captureHistory(folder) });
      hosts.push(host);
      const url = await host.start({ host: '127.0.0.1', port: 0 });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.equal(await post(url, '/zipwhip/message/receive', '{"id":1327295480212647936}'), 200);
      assert.equal(host.list().length, 1);
      assert.equal(host.list()[0]?.event, 'message:receive');
      await host.flush();
      const [file] = readdirSync(folder);
      assert.match(file ?? '', new RegExp(`^captures-${process.pid}-[0-9a-f]+\\.jsonl$`));
      assert.ok(readFileSync(join(folder, file ?? ''), 'utf8').includes('1327295480212647936'), 'the body is saved as received');

      const again = new ReceiverHost({ limits: { count: 10, bytes: 64 * 1024 * 1024 }, allowedHosts: [], history: captureHistory(folder) });
      hosts.push(again);
      await again.restore();
      assert.deepEqual(
        again.list().map((c) => c.id),
        host.list().map((c) => c.id),
      );
    } finally {
      await Promise.all(hosts.splice(0).map((h) => h.dispose()));
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses requests for another Host, counts them and keeps none; the allowed hosts setting applies at once', async () => {
    const host = new ReceiverHost({ limits: { count: 10, bytes: 64 * 1024 * 1024 }, allowedHosts: [] });
    hosts.push(host);
    const url = await host.start({ host: '127.0.0.1', port: 0 });
    const tunnel = async (): Promise<number> => {
      const res = await request(new URL('/in', url), { method: 'POST', body: '{}', reset: true, headers: { host: 'me.tunnel.example' } });
      await res.body.text();
      return res.statusCode;
    };
    assert.equal(await tunnel(), 403);
    assert.equal(host.size, 0);
    assert.equal(host.refusedCount, 1);
    host.setAllowedHosts(['me.tunnel.example']);
    assert.equal(await tunnel(), 200);
    assert.equal(host.size, 1);
    await host.stop();
    assert.equal(host.refusedCount, 1, 'kept across a stop');
  });

  it('keeps only the newest captures past the limit, and a new limit keeps the newest', async () => {
    const host = new ReceiverHost({ limits: { count: 3, bytes: 64 * 1024 * 1024 }, allowedHosts: [] });
    hosts.push(host);
    const url = await host.start({ host: '127.0.0.1', port: 0 });
    for (let i = 0; i < 5; i++) await post(url, `/n/${i}`, '{}');
    assert.deepEqual(
      host.list().map((c) => c.path),
      ['/n/4', '/n/3', '/n/2'],
    );
    await host.setLimits({ count: 2, bytes: 64 * 1024 * 1024 });
    assert.deepEqual(
      host.list().map((c) => c.path),
      ['/n/4', '/n/3'],
    );
    assert.ok(host.running, 'the receiver goes on running with the new limit');
    await post(host.url ?? '', '/n/5', '{}');
    assert.deepEqual(
      host.list().map((c) => c.path),
      ['/n/5', '/n/4'],
    );
  });

  it('reports 127.0.0.1 as its address when listening on all interfaces', async () => {
    const host = new ReceiverHost({ limits: { count: 5, bytes: 64 * 1024 * 1024 }, allowedHosts: [] });
    hosts.push(host);
    const url = await host.start({ host: '0.0.0.0', port: 0 });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(host.listensOnAllInterfaces, true);
    assert.equal(await post(url, '/x', 'not json'), 200);
    await host.stop();
    assert.equal(host.url, undefined);
    assert.equal(host.list().length, 1, 'history outlives the server');
  });

  it('refuses a port in use with EADDRINUSE and stays stopped', async () => {
    const first = new ReceiverHost({ limits: { count: 5, bytes: 64 * 1024 * 1024 }, allowedHosts: [] });
    const second = new ReceiverHost({ limits: { count: 5, bytes: 64 * 1024 * 1024 }, allowedHosts: [] });
    hosts.push(first, second);
    const url = await first.start({ host: '127.0.0.1', port: 0 });
    await assert.rejects(second.start({ host: '127.0.0.1', port: Number(new URL(url).port) }), { code: 'EADDRINUSE' });
    assert.equal(second.running, false);
  });
});

describe('HookRedirects', () => {
  function memoryState(): KeyValueStore {
    const data = new Map<string, unknown>();
    return {
      get: (key) => data.get(key),
      update: (key, value) => {
        data.set(key, value);
        return Promise.resolve();
      },
    };
  }

  it('remembers, replaces and forgets a redirect per line and hook, and ignores junk', async () => {
    const state = memoryState();
    const redirects = new HookRedirects(state);
    let changes = 0;
    redirects.onDidChange(() => {
      changes++;
    });
    await redirects.set({
      lineId: 'L',
      webhookId: '1',
      originalUrl: 'https://a/',
      originalMethod: 'PUT',
      receiverUrl: 'http://127.0.0.1:1/x',
    });
    await redirects.set({
      lineId: 'L',
      webhookId: '1',
      originalUrl: 'https://a/',
      originalMethod: 'PUT',
      receiverUrl: 'http://127.0.0.1:2/x',
    });
    assert.equal(redirects.all().length, 1);
    assert.equal(redirects.get('L', '1')?.receiverUrl, 'http://127.0.0.1:2/x');
    assert.equal(redirects.get('M', '1'), undefined);
    await redirects.remove('L', '1');
    assert.equal(redirects.get('L', '1'), undefined);
    assert.equal(changes, 3);
    await state.update('zipwhip.hookRedirects', [{ lineId: 'L' }, 'junk', null]);
    assert.deepEqual(redirects.all(), []);
  });
});

describe('capture rows', () => {
  it('shows method and path, then time, event and size', () => {
    const row = captureRow({
      id: 'abc-1',
      receivedAt: '2026-11-27T10:00:00.000Z',
      method: 'PUT',
      path: '/zipwhip/message/progress?x=1',
      headers: [],
      body: '{}',
      isText: true,
      size: 2048,
      truncated: false,
      event: 'message:progress',
      eventFrom: 'path',
    });
    assert.equal(row.label, 'PUT /zipwhip/message/progress?x=1');
    assert.match(row.description, /^\d\d:\d\d:\d\d · message progress · 2\.0 KB$/);
    assert.match(row.tooltip, /from the path/);
    assert.equal(row.id, 'capture/abc-1');
    assert.equal(
      captureRow({ id: 'b', receivedAt: 'x', method: 'GET', path: '/', headers: [], body: '', isText: true, size: 5, truncated: true })
        .description,
      'x · unknown event · 5 B (truncated)',
    );
    assert.equal(formatSize(3 * 1024 * 1024), '3.0 MB');
  });
});
