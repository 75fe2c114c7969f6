import * as assert from 'node:assert/strict';
import { ZipwhipClient } from '../../src/api/client';
import { SandboxServer, type SandboxSnapshot } from '../../src/sandbox/server';

describe('sandbox snapshot and restore', () => {
  const account = { username: '4257772300', password: 'sandbox' };
  const servers: SandboxServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('keeps lines and hooks (ids exact, no passwords or keys) across a restart', async () => {
    const saved: SandboxSnapshot[] = [];
    const first: SandboxServer = new SandboxServer({
      accounts: [account],
      bigIds: true,
      onStateChange: () => {
        saved.push(first.snapshot());
      },
    });
    servers.push(first);
    const client = new ZipwhipClient({ baseUrl: await first.start(), timeoutMs: 5000 });
    const key = await client.login(account.username, account.password);
    const added = await client.addWebhook(key, { type: 'message', event: 'read', url: 'https://example.com/read', method: 'GET' });
    assert.equal(saved.length, 1, 'a change reports the new state');
    const snapshot = saved[0];
    assert.ok(snapshot);
    const text = JSON.stringify(snapshot);
    assert.ok(!text.includes(account.password) && !text.includes(key), 'no password or key in the snapshot');

    const second = new SandboxServer({ accounts: [account], state: snapshot });
    servers.push(second);
    const client2 = new ZipwhipClient({ baseUrl: await second.start(), timeoutMs: 5000 });
    await assert.rejects(client2.listWebhooks(key), { name: 'SessionRejectedError' });
    const key2 = await client2.login(account.username, account.password);
    assert.equal(key2.split(':')[1], key.split(':')[1], 'same device id, so the same line');
    const hooks = await client2.listWebhooks(key2);
    assert.deepEqual(hooks, first.hooks(account.username));
    assert.ok(hooks.some((h) => h.webhookId === added.webhookId && h.method === 'GET'));
    const next = await client2.addWebhook(key2, { type: 'message', event: 'send', url: 'https://example.com/s' });
    assert.ok(BigInt(next.webhookId) > BigInt(added.webhookId), 'new ids continue after the restored ones');
  });

  it('ignores malformed entries in a snapshot', () => {
    const server = new SandboxServer({
      accounts: [account],
      state: {
        nextId: 'x',
        lines: [
          {
            username: account.username,
            deviceId: '5',
            hooks: [
              { id: '7', type: 'message', event: 'nope', url: 'https://e.x/', method: 'POST' },
              { id: '8', type: 'message', event: 'send', url: 'https://e.x/', method: 'POST' },
            ],
          },
        ],
      },
    });
    assert.deepEqual(
      server.hooks(account.username).map((h) => h.webhookId),
      ['8'],
    );
    assert.equal(server.deviceId(account.username), '5');
  });
});
