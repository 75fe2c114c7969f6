// SessionStore over a SecretStorage of this test's own (a map, with VS Code's EventEmitter for its change event),
// in the real extension host: the keys it keeps in memory are read once, and never outlive a change made here
// or in another window (another window's write reaches this one only as SecretStorage's change event).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SessionStore } from '../../src/auth/sessionStore';

const SERVER = 'http://127.0.0.1:1/';
const KEY_A = '2b8b4c8e-7f3a-4d7e-9a51-3f6f2d1c0a11:301';
const KEY_B = '9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f:301';

class MapSecrets implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  reads = 0;
  /** When set, a get() waits for it before reading (a read in flight while something changes). */
  gate: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;

  async get(key: string): Promise<string | undefined> {
    this.reads += 1;
    const value = this.values.get(key);
    if (this.gate) await this.gate;
    return value;
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  keys(): Promise<string[]> {
    return Promise.resolve([...this.values.keys()]);
  }
  /** What another window's write looks like from here. */
  writeFromAnotherWindow(key: string, value: string): void {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  dispose(): void {
    this.changed.dispose();
  }
}

describe('SessionStore keys in memory', () => {
  let secrets: MapSecrets;
  let store: SessionStore;

  beforeEach(() => {
    secrets = new MapSecrets();
    store = new SessionStore(secrets);
  });
  afterEach(() => {
    store.dispose();
    secrets.dispose();
  });

  it('reads a line key from SecretStorage once, then from memory', async () => {
    const line = await store.save(SERVER, KEY_A, 'Line A');
    const before = secrets.reads;
    assert.equal(await store.key(line), KEY_A);
    assert.equal(await store.key(line), KEY_A);
    assert.equal(await store.key(line), KEY_A);
    assert.equal(secrets.reads - before, 1, 'one SecretStorage read for three key() calls');
  });

  it('reads a key again after another window changed it', async () => {
    const line = await store.save(SERVER, KEY_A, 'Line A');
    assert.equal(await store.key(line), KEY_A);
    secrets.writeFromAnotherWindow(`zipwhip.session:${line.id}`, KEY_B);
    assert.equal(await store.key(line), KEY_B);
  });

  it('does not keep what a read saw when a change came while it was in flight', async () => {
    const line = await store.save(SERVER, KEY_A, 'Line A');
    let open: () => void = () => undefined;
    secrets.gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const reading = store.key(line);
    secrets.writeFromAnotherWindow(`zipwhip.session:${line.id}`, KEY_B);
    open();
    secrets.gate = undefined;
    assert.equal(await reading, KEY_A, 'the read in flight answers what it read');
    assert.equal(await store.key(line), KEY_B, 'the next read is not served the stale key from memory');
  });

  it('forgets a removed key, and serves a replaced one', async () => {
    const line = await store.save(SERVER, KEY_A, 'Line A');
    assert.equal(await store.key(line), KEY_A);
    const again = await store.save(SERVER, KEY_B);
    assert.equal(again.id, line.id, 'the same line (same device id)');
    assert.equal(again.label, 'Line A', 'it keeps its name');
    assert.equal(await store.key(line), KEY_B);
    await store.remove(line);
    assert.equal(await store.key(line), undefined);
    assert.deepEqual(await store.lines(), []);
  });
});
