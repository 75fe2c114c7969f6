// The sandbox's Zipwhip calls on the state machine alone: no server, no sockets.
import * as assert from 'node:assert/strict';
import { Fields } from '../../src/sandbox/fields';
import { ReplyError } from '../../src/sandbox/reply';
import { SandboxState, TOO_MANY_HOOKS, type WireHook } from '../../src/sandbox/state';
import { MAX_HOOKS_PER_LINE, type SandboxSnapshot } from '../../src/sandbox/types';

const ALICE = { username: '4257772300', password: 'alice-pw' };
const BOB = { username: '2065550123', password: 'bob-pw' };
const WRONG_ARGUMENTS = { code: -703, desc: 'Wrong arguments' };

function fields(values: Record<string, string>): Fields {
  return Fields.of(values);
}

/** The ReplyError a call throws. */
function replyOf(call: () => unknown): ReplyError {
  try {
    call();
  } catch (error: unknown) {
    if (error instanceof ReplyError) return error;
    throw error;
  }
  assert.fail('expected a ReplyError');
}

function ids(hooks: readonly WireHook[]): string[] {
  return hooks.map((h) => String(h.webhookId));
}

describe('SandboxState (no sockets)', () => {
  let changes: number;
  let state: SandboxState;

  beforeEach(() => {
    changes = 0;
    state = new SandboxState({
      accounts: [ALICE, BOB],
      seed: true,
      bigIds: false,
      onStateChange: () => {
        changes += 1;
      },
    });
  });

  const loginAs = (account = ALICE): string => state.login(fields(account));

  it('login mints <uuid>:<deviceId> keys and counts them; wrong credentials throw 400 with a null response', () => {
    const key = loginAs();
    assert.match(key, /^[0-9a-f-]{36}:\d+$/);
    assert.equal(key.split(':')[1], state.deviceId(ALICE.username));
    assert.equal(state.isSessionValid(key), true);
    assert.equal(state.sessionsIssued(ALICE.username), 1);
    const bads: Record<string, string>[] = [
      { username: ALICE.username, password: BOB.password },
      { username: 'ghost', password: 'x' },
      { username: ALICE.username },
      {},
    ];
    for (const bad of bads) {
      const error = replyOf(() => state.login(fields(bad)));
      assert.deepEqual([error.status, error.response], [400, null], JSON.stringify(bad));
    }
    assert.equal(state.sessionsIssued(ALICE.username), 1);
  });

  it('every other call needs a live session: 403 with a null response', () => {
    const calls = [
      (f: Fields): unknown => state.list(f),
      (f: Fields): unknown => state.add(f),
      (f: Fields): unknown => state.update(f),
      (f: Fields): unknown => state.remove(f),
      (f: Fields): unknown => state.logout(f),
    ];
    for (const call of calls) {
      for (const session of [undefined, '', 'c0ffee00-0000-4000-8000-000000000000:377265507']) {
        const error = replyOf(() => call(fields(session === undefined ? {} : { session })));
        assert.deepEqual([error.status, error.response], [403, null]);
      }
    }
    assert.equal(changes, 0);
  });

  it('add, list, update, remove on the line of the session; each change is reported', () => {
    const session = loginAs();
    const [added] = state.add(fields({ session, type: 'message', event: 'send', url: 'https://hooks.example/send', method: 'put' }));
    assert.ok(added);
    assert.equal(typeof added.webhookId, 'bigint');
    assert.deepEqual(
      { ...added, webhookId: String(added.webhookId) },
      {
        webhookId: state.hooks(ALICE.username).at(-1)?.webhookId,
        type: 'message',
        event: 'send',
        url: 'https://hooks.example/send',
        method: 'PUT',
      },
    );
    assert.deepEqual(
      ids(state.list(fields({ session }))),
      state.hooks(ALICE.username).map((h) => h.webhookId),
    );
    assert.equal(changes, 1);

    const id = String(added.webhookId);
    const [updated] = state.update(fields({ session, webhookId: id, url: 'http://127.0.0.1:9/x' }));
    assert.ok(updated);
    assert.equal(updated.url, 'http://127.0.0.1:9/x');
    assert.equal(updated.method, 'PUT');
    assert.deepEqual(state.remove(fields({ session, webhookId: id })), []);
    assert.equal(changes, 3);
    assert.ok(!state.hooks(ALICE.username).some((h) => h.webhookId === id));
    assert.equal(state.hooks(BOB.username).length, 3, "Bob's line is untouched");
  });

  it('wrong arguments throw 400 -703 and change nothing', () => {
    const session = loginAs();
    const bobsHook = state.hooks(BOB.username)[0]?.webhookId ?? '';
    const cases: [string, () => unknown][] = [
      ['add without a url', () => state.add(fields({ session, type: 'message', event: 'send' }))],
      ['add with an unknown event', () => state.add(fields({ session, type: 'message', event: 'explode', url: 'https://a.example/' }))],
      [
        'add with DELETE',
        () => state.add(fields({ session, type: 'message', event: 'send', url: 'https://a.example/', method: 'DELETE' })),
      ],
      ["update of another line's hook", () => state.update(fields({ session, webhookId: bobsHook, url: 'https://b.example/' }))],
      [
        'update with a mailto url',
        () => state.update(fields({ session, webhookId: state.hooks(ALICE.username)[0]?.webhookId ?? '', url: 'mailto:a@b.example' })),
      ],
      ['remove of an unknown id', () => state.remove(fields({ session, webhookId: '99999999999' }))],
    ];
    for (const [name, call] of cases) {
      const error = replyOf(call);
      assert.deepEqual([error.status, error.response], [400, WRONG_ARGUMENTS], name);
    }
    assert.equal(changes, 0);
    assert.equal(state.hooks(ALICE.username).length, 3);
  });

  it(`refuses the hook after ${MAX_HOOKS_PER_LINE} on a line with a clear error; the list is unchanged`, () => {
    const session = loginAs();
    for (let i = state.hooks(ALICE.username).length; i < MAX_HOOKS_PER_LINE; i++) {
      state.add(fields({ session, type: 'message', event: 'receive', url: `https://a.example/${i}` }));
    }
    const before = ids(state.list(fields({ session })));
    assert.equal(before.length, MAX_HOOKS_PER_LINE);
    const error = replyOf(() => state.add(fields({ session, type: 'message', event: 'receive', url: 'https://a.example/one-too-many' })));
    assert.equal(error.status, 400);
    assert.deepEqual(error.response, TOO_MANY_HOOKS);
    assert.equal(TOO_MANY_HOOKS.desc, 'A line can have at most 100 hooks.');
    assert.deepEqual(ids(state.list(fields({ session }))), before);
    // Another line is not full, and a full line takes a hook again once one is deleted.
    state.add(fields({ session: loginAs(BOB), type: 'message', event: 'receive', url: 'https://b.example/' }));
    state.remove(fields({ session, webhookId: before[0] ?? '' }));
    assert.equal(state.add(fields({ session, type: 'message', event: 'receive', url: 'https://a.example/again' })).length, 1);
  });

  it('logout revokes only that key', () => {
    const first = loginAs();
    const second = loginAs();
    assert.equal(state.logout(fields({ session: first })), null);
    assert.equal(state.isSessionValid(first), false);
    assert.equal(state.isSessionValid(second), true);
    assert.equal(replyOf(() => state.list(fields({ session: first }))).status, 403);
  });

  it('snapshot and restore keep lines, hooks and ids, never passwords or keys', () => {
    const session = loginAs();
    state.add(fields({ session, type: 'message', event: 'read', url: 'https://a.example/read', method: 'GET' }));
    const snapshot: SandboxSnapshot = state.snapshot();
    const text = JSON.stringify(snapshot);
    assert.ok(!text.includes(ALICE.password) && !text.includes(session.split(':')[0] ?? session));

    const restored = new SandboxState({ accounts: [], seed: true, bigIds: false, state: snapshot });
    assert.deepEqual(restored.hooks(ALICE.username), state.hooks(ALICE.username));
    assert.equal(restored.deviceId(ALICE.username), state.deviceId(ALICE.username));
    assert.throws(() => restored.login(fields(ALICE)), ReplyError, 'no password until an account names the line');
    restored.addAccount(ALICE);
    const key = restored.login(fields(ALICE));
    const [next] = restored.add(fields({ session: key, type: 'message', event: 'send', url: 'https://a.example/next' }));
    assert.ok(
      !state.hooks(ALICE.username).some((h) => h.webhookId === String(next?.webhookId)),
      'new ids do not collide with restored ones',
    );
    assert.equal(restored.hooks(ALICE.username).length, 5, 'a restored line is not seeded again');
  });

  it(`restores at most ${MAX_HOOKS_PER_LINE} hooks of a line from a saved state, the first ones`, () => {
    const hooks = Array.from({ length: MAX_HOOKS_PER_LINE + 50 }, (_, i) => ({
      id: String(1000 + i),
      type: 'message',
      event: 'receive',
      url: `https://a.example/${i}`,
      method: 'POST',
    }));
    const restored = new SandboxState({
      accounts: [ALICE],
      seed: true,
      bigIds: false,
      state: { nextId: '1', lines: [{ username: ALICE.username, deviceId: '42', hooks }] },
    });
    const kept = restored.hooks(ALICE.username);
    assert.equal(kept.length, MAX_HOOKS_PER_LINE);
    assert.equal(kept[0]?.webhookId, '1000');
    assert.equal(kept.at(-1)?.webhookId, String(1000 + MAX_HOOKS_PER_LINE - 1));
    const session = restored.login(fields(ALICE));
    assert.deepEqual(
      replyOf(() => restored.add(fields({ session, type: 'message', event: 'send', url: 'https://a.example/more' }))).response,
      TOO_MANY_HOOKS,
    );
  });

  it('bigIds hands out ids above 2^53, exactly', () => {
    const big = new SandboxState({ accounts: [ALICE], seed: true, bigIds: true });
    assert.deepEqual(
      big.hooks(ALICE.username).map((h) => h.webhookId),
      ['1327295480212647936', '1327295480212647937', '1327295480212647938'],
    );
  });
});
