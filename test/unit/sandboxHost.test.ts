import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { SandboxHost, type SandboxStateStore } from '../../src/sandbox/sandboxHost';
import type { SandboxSnapshot } from '../../src/sandbox/types';

function memoryState(): SandboxStateStore & { saved: SandboxSnapshot[] } {
  const saved: SandboxSnapshot[] = [];
  return {
    saved,
    load: () => saved.at(-1),
    save: (snapshot) => {
      saved.push(snapshot);
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await request(new URL('webhook/list', url), {
      method: 'POST',
      body: 'session=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      headersTimeout: 1000,
    });
    await res.body.text();
    return true;
  } catch {
    return false;
  }
}

/** Read through a call: after `assert.equal(host.controlToken, undefined)` TypeScript would keep it narrowed. */
function tokenOf(host: SandboxHost): string | undefined {
  return host.controlToken;
}

describe('SandboxHost', () => {
  it('starts once, and a second start returns the same base URL', async () => {
    const host = new SandboxHost(memoryState());
    try {
      const [a, b] = await Promise.all([host.start(), host.start()]);
      assert.equal(a, b);
      assert.ok(host.running);
      assert.ok(await answers(a));
    } finally {
      await host.stop();
    }
  });

  it('exposes the control token of the running sandbox, a new one per start', async () => {
    const host = new SandboxHost(memoryState());
    assert.equal(host.controlToken, undefined);
    const state = async (url: string, token: string): Promise<number> => {
      const res = await request(new URL('__sandbox/state?username=4257772300', url), { headers: { 'x-sandbox-token': token } });
      await res.body.dump();
      return res.statusCode;
    };
    try {
      const url = await host.start();
      const token = host.controlToken;
      assert.ok(token);
      assert.equal(await state(url, token), 200);
      await host.stop();
      assert.equal(host.controlToken, undefined);
      const again = await host.start();
      const next = tokenOf(host);
      assert.ok(next !== undefined && next !== token);
      assert.equal(await state(again, token), 403);
    } finally {
      await host.stop();
    }
  });

  it('leaves nothing running when stopped while it is still starting', async () => {
    const host = new SandboxHost(memoryState());
    const changes: boolean[] = [];
    host.onDidChange(() => changes.push(host.running));
    const starting = host.start();
    const stopped = host.stop();
    await assert.rejects(starting, /stopped while it was starting/);
    await stopped;
    assert.equal(host.running, false);
    assert.equal(host.baseUrl, undefined);
    assert.deepEqual(changes, [], 'it never reported itself running');
  });

  it('keeps its hooks in the state store and starts again from them', async () => {
    const state = memoryState();
    const first = new SandboxHost(state);
    await first.start();
    await first.stop();
    assert.ok(state.saved.length > 0);
    const second = new SandboxHost(state);
    try {
      await second.start();
      assert.equal(state.saved.at(-1)?.lines[0]?.username, first.account.username);
    } finally {
      await second.stop();
    }
  });
});

describe('SandboxHost after a reload', () => {
  it("takes back the demo line's own key, and no other, so a reload needs no new login", async () => {
    const state = memoryState();
    const first = new SandboxHost(state);
    const url = await first.start();
    const login = await request(new URL('user/login', url), {
      method: 'POST',
      body: `username=${first.account.username}&password=${first.account.password}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const key = ((await login.body.json()) as { response: string }).response;
    await first.stop();
    const second = new SandboxHost(state);
    try {
      await second.start(key);
      assert.equal(second.knows(key), true);
      assert.equal(second.knows(`${key.split(':')[0] ?? ''}:1`), false, 'another device id');
      const list = await request(new URL('webhook/list', second.baseUrl), {
        method: 'POST',
        body: `session=${encodeURIComponent(key)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(list.statusCode, 200);
      await list.body.text();
    } finally {
      await second.stop();
    }
    const third = new SandboxHost(state);
    try {
      await third.start('not-a-key');
      assert.equal(third.knows('not-a-key'), false);
    } finally {
      await third.stop();
    }
  });
});
