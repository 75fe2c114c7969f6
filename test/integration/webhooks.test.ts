import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import { ZipwhipClient } from '../../src/api/client';
import { SandboxServer } from '../../src/sandbox/server';
import { BACK, byLabel, ESC, ScriptedPrompter, type ScriptStep } from '../support/scriptedPrompter';
import { activateExtension, hookNode, lineNode, setSetting, signOutEverything, treeText, waitFor } from './helpers/extension';

const USER = '2065550100';
/** Commands VS Code itself registers for our views (focus, collapse…), not ours to declare. */
const VIEW_COMMAND = /^zipwhip\.(webhooks|captures)\./;
const PASSWORD = 'correct horse';

describe('Zipwhip Webhooks in a real editor', function () {
  this.timeout(60_000);
  let api: TestApi;
  let sandbox: SandboxServer;
  let prompter: ScriptedPrompter;

  const script = (steps: ScriptStep[]): ScriptedPrompter => {
    prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    return prompter;
  };

  const signInThroughPrompts = async (): Promise<void> => {
    script([
      {
        kind: 'input',
        answer: USER,
        expect: (r) => {
          assert.equal(r.step, 1);
          assert.equal(r.password ?? false, false);
        },
      },
      {
        kind: 'input',
        answer: PASSWORD,
        expect: (r) => {
          assert.equal(r.step, 2);
          assert.equal(r.password, true);
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.signIn);
    assert.deepEqual(prompter.unexpected, []);
    assert.equal(prompter.remaining, 0);
  };

  before(async () => {
    sandbox = new SandboxServer({ accounts: [{ username: USER, password: PASSWORD }], seed: true });
    await sandbox.start();
    api = await activateExtension();
    await setSetting('requestTimeoutSeconds', 5);
    await setSetting('apiBaseUrl', sandbox.baseUrl);
  });

  after(async () => {
    api.setPrompter(undefined);
    await signOutEverything(api);
    await setSetting('apiBaseUrl', undefined);
    await setSetting('requestTimeoutSeconds', undefined);
    await sandbox.stop();
  });

  afterEach(() => {
    sandbox.clearFaults();
  });

  it('registers every declared command, and declares every registered one', async () => {
    const extension = vscode.extensions.all.find((e) => e.id.toLowerCase() === 'zipwhip-webhooks.zipwhip-webhooks');
    const declared = (extension?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands
      .map((c) => c.command)
      .sort();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('zipwhip.') && !VIEW_COMMAND.test(id)).sort();
    assert.deepEqual(registered, declared);
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
  });

  it('signs in through the prompts and stores only the session key', async () => {
    await signOutEverything(api);
    await signInThroughPrompts();
    const lines = await api.sessions.storedLines();
    assert.equal(lines.length, 1);
    const line = lines[0];
    assert.ok(line);
    assert.equal(line.label, USER);
    const key = await api.sessions.keyOf(line);
    assert.ok(key && sandbox.isSessionValid(key), 'the stored key is a live sandbox session');
    assert.ok(!JSON.stringify(lines).includes(PASSWORD));
    for (const entry of sandbox.requestLog) assert.ok(!entry.url.includes(key), 'the key never travels in a URL');
  });

  it('shows the line with all six events and their hook counts', async () => {
    const rows = await waitFor('the tree to load', async () => {
      const text = await treeText(api);
      return text.some((r) => r.includes('receive')) ? text : undefined;
    });
    assert.equal(rows[0], `${USER} — ${new URL(sandbox.baseUrl).host} · ${sandbox.hooks(USER).length} hooks`);
    const events = rows.filter((r) => /^ {2}\S/.test(r));
    assert.deepEqual(
      events.map((r) => r.trim().split(' — ')[0]),
      ['receive', 'send', 'progress', 'read', 'delete', 'change'],
    );
    assert.ok(events[1]?.includes('no hooks'), events[1]);
    assert.ok(rows.includes('    https://example.com/zipwhip/message/receive — POST'), rows.join('\n'));
  });

  it('adds a webhook through the prompts and shows the server state', async () => {
    const before = sandbox.hooks(USER).length;
    script([
      { kind: 'pick', answer: byLabel('send') },
      { kind: 'input', answer: 'https://receiver.example/sent' },
      {
        kind: 'pick',
        answer: byLabel('PUT'),
        expect: (r) => {
          assert.equal(r.active, 'POST');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.addWebhook);
    assert.deepEqual(prompter.unexpected, []);
    const added = sandbox.hooks(USER).find((h) => h.url === 'https://receiver.example/sent');
    assert.ok(added);
    assert.deepEqual([added.type, added.event, added.method], ['message', 'send', 'PUT']);
    assert.equal(sandbox.hooks(USER).length, before + 1);
    const rows = await treeText(api);
    assert.ok(
      rows.some((r) => r.trim() === 'send — message · 1 hook'),
      rows.join('\n'),
    );
    assert.ok(rows.some((r) => r.trim() === 'https://receiver.example/sent — PUT'));
  });

  it('says nothing and changes nothing when Esc is pressed in Add Webhook', async () => {
    const before = sandbox.hooks(USER).length;
    script([
      { kind: 'pick', answer: byLabel('receive') },
      { kind: 'input', answer: ESC },
    ]);
    await vscode.commands.executeCommand(COMMANDS.addWebhook);
    assert.deepEqual(prompter.unexpected, []);
    assert.equal(prompter.remaining, 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(prompter.notifications, [], 'no message after Esc');
    assert.equal(sandbox.hooks(USER).length, before);
  });

  it('adds from an event node with the event pre-selected, and goes Back', async () => {
    const line = lineNode(api, USER).line;
    const readEvent = api.tree.getChildren({ kind: 'line', line }).find((n) => n.kind === 'event' && n.spec.event === 'read');
    script([
      { kind: 'input', answer: 'https://receiver.example/read' },
      { kind: 'pick', answer: () => BACK },
      {
        kind: 'input',
        answer: 'https://receiver.example/read-2',
        expect: (r) => {
          assert.equal(r.value, 'https://receiver.example/read');
        },
      },
      { kind: 'pick', answer: byLabel('POST') },
    ]);
    await vscode.commands.executeCommand(COMMANDS.addWebhook, readEvent);
    assert.deepEqual(prompter.unexpected, []);
    assert.equal(prompter.remaining, 0);
    assert.ok(sandbox.hooks(USER).some((h) => h.event === 'read' && h.url === 'https://receiver.example/read-2' && h.method === 'POST'));
  });

  it('edits a webhook with both prompts prefilled', async () => {
    const line = lineNode(api, USER).line;
    const node = hookNode(api, line, 'https://receiver.example/sent');
    script([
      {
        kind: 'input',
        answer: 'https://receiver.example/sent-v2',
        expect: (r) => {
          assert.equal(r.value, 'https://receiver.example/sent');
        },
      },
      {
        kind: 'pick',
        answer: byLabel('POST'),
        expect: (r) => {
          assert.equal(r.active, 'PUT');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.editWebhook, node);
    assert.deepEqual(prompter.unexpected, []);
    const edited = sandbox.hooks(USER).find((h) => h.webhookId === node.hook.webhookId);
    assert.deepEqual([edited?.url, edited?.method], ['https://receiver.example/sent-v2', 'POST']);
    assert.ok((await treeText(api)).some((r) => r.trim() === 'https://receiver.example/sent-v2 — POST'));
  });

  it('asks before deleting, names the event and URL, and deletes only on "Delete"', async () => {
    const line = lineNode(api, USER).line;
    const node = hookNode(api, line, 'https://receiver.example/sent-v2');
    script([
      {
        kind: 'confirm',
        answer: false,
        expect: (r) => {
          assert.equal(r.confirmLabel, 'Delete');
          assert.match(r.message, /message send/);
          assert.ok(r.message.includes('https://receiver.example/sent-v2'));
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.deleteWebhook, node);
    assert.ok(
      sandbox.hooks(USER).some((h) => h.webhookId === node.hook.webhookId),
      'declined: still there',
    );
    script([{ kind: 'confirm', answer: true }]);
    await vscode.commands.executeCommand(COMMANDS.deleteWebhook, node);
    assert.ok(!sandbox.hooks(USER).some((h) => h.webhookId === node.hook.webhookId), 'deleted on the server');
    assert.ok(!(await treeText(api)).some((r) => r.includes('sent-v2')), 'gone from the tree');
  });

  it('from the palette with nothing selected, asks which hook', async () => {
    const target = sandbox.hooks(USER)[0];
    assert.ok(target);
    script([
      {
        kind: 'pick',
        answer: byLabel(target.url),
        expect: (r) => {
          assert.equal(r.items.length, sandbox.hooks(USER).length);
        },
      },
      { kind: 'confirm', answer: false },
    ]);
    await vscode.commands.executeCommand(COMMANDS.deleteWebhook);
    assert.deepEqual(prompter.unexpected, []);
    assert.equal(prompter.remaining, 0);
  });

  it('copies a hook URL', async () => {
    const node = hookNode(api, lineNode(api, USER).line, 'https://example.com/zipwhip/message/receive');
    await vscode.commands.executeCommand(COMMANDS.copyWebhookUrl, node);
    assert.equal(await vscode.env.clipboard.readText(), 'https://example.com/zipwhip/message/receive');
  });

  it('offers "Sign In" when the server rejects the session (403)', async () => {
    script([]);
    sandbox.injectFaults({ kind: 'status403' });
    await vscode.commands.executeCommand(COMMANDS.refresh);
    const note = await prompter.nextNotification();
    assert.equal(note.severity, 'error');
    assert.deepEqual(note.actions, ['Sign In']);
  });

  it('shows a failed load on the line, and reloads it when a new key arrives (e.g. from another window)', async () => {
    script([]);
    sandbox.injectFaults({ kind: 'status403' });
    await vscode.commands.executeCommand(COMMANDS.refresh);
    await prompter.nextNotification();
    assert.ok((await treeText(api)).some((r) => r.includes('Could not load: The Zipwhip server rejected the session key')));
    const key = await new ZipwhipClient({ baseUrl: sandbox.baseUrl, timeoutMs: 5000 }).login(USER, PASSWORD);
    await api.sessions.signedIn(sandbox.baseUrl, key, USER);
    await waitFor('the error row to go', async () => ((await treeText(api)).some((r) => r.includes('Could not load')) ? undefined : true));
    assert.ok((await treeText(api)).some((r) => r.trim().startsWith('receive')));
  });

  for (const fault of [{ kind: 'status500' }, { kind: 'drop' }] as const) {
    it(`leaves the tree and the server unchanged and reports a ${fault.kind}`, async () => {
      const rowsBefore = await treeText(api);
      const hooksBefore = JSON.stringify(sandbox.hooks(USER));
      script([
        { kind: 'pick', answer: byLabel('delete') },
        { kind: 'input', answer: 'https://receiver.example/never' },
        { kind: 'pick', answer: byLabel('POST') },
      ]);
      sandbox.injectFaults(fault);
      await vscode.commands.executeCommand(COMMANDS.addWebhook);
      const note = await prompter.nextNotification();
      assert.equal(note.severity, 'error');
      assert.ok(!note.message.includes('    at '), 'no stack trace in the message');
      if (fault.kind === 'drop') assert.deepEqual(note.actions, ['Retry']);
      assert.equal(JSON.stringify(sandbox.hooks(USER)), hooksBefore);
      assert.deepEqual(await treeText(api), rowsBefore);
    });
  }

  it('takes a new request time-out without a reload', async () => {
    await setSetting('requestTimeoutSeconds', 1);
    script([]);
    sandbox.injectFaults({ kind: 'slow', delayMs: 4000 });
    const started = Date.now();
    await vscode.commands.executeCommand(COMMANDS.refresh);
    const note = await prompter.nextNotification();
    assert.ok(Date.now() - started < 3500, 'gave up after about a second');
    assert.match(note.message, /time|respond|answer/i);
    assert.deepEqual(note.actions, ['Retry']);
    await setSetting('requestTimeoutSeconds', 5);
  });

  it('refuses a plain-http base URL off this machine, says so, and asks nothing', async () => {
    script([]);
    await setSetting('apiBaseUrl', 'http://api.example.com/');
    try {
      const warning = await prompter.nextNotification();
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, /plain HTTP/);
      await vscode.commands.executeCommand(COMMANDS.signIn);
      const refusal = await prompter.nextNotification(1);
      assert.equal(refusal.severity, 'error');
      assert.match(refusal.message, /not usable/);
      assert.equal(prompter.asked.length, 0, 'no prompt was shown');
    } finally {
      await setSetting('apiBaseUrl', sandbox.baseUrl);
    }
  });

  it('never sends a key to another server than the one that issued it', async () => {
    const other = new SandboxServer({ accounts: [{ username: USER, password: PASSWORD }], seed: false });
    await other.start();
    try {
      const firstLine = (await api.sessions.storedLines())[0];
      assert.ok(firstLine);
      const firstKey = await api.sessions.keyOf(firstLine);
      assert.ok(firstKey);
      await setSetting('apiBaseUrl', other.baseUrl);
      await waitFor('the first line to leave the tree', async () => ((await treeText(api)).length === 0 ? true : undefined));
      await signInThroughPrompts();
      await vscode.commands.executeCommand(COMMANDS.refresh);
      assert.ok(other.requestLog.length > 0);
      assert.ok(
        other.requestLog.every((entry) => entry.session !== firstKey),
        "the first server's key never reached the second",
      );
      assert.equal((await api.sessions.storedLines()).length, 2, 'both keys stay stored, each for its own server');
      await setSetting('apiBaseUrl', sandbox.baseUrl);
      await waitFor('the first line to come back', async () =>
        (await treeText(api))[0]?.startsWith(USER) && (await treeText(api)).some((r) => r.includes('receive')) ? true : undefined,
      );
    } finally {
      await other.stop();
    }
  });

  it('signs in with a pasted session key only after the server accepted it', async () => {
    const client = new ZipwhipClient({ baseUrl: sandbox.baseUrl, timeoutMs: 5000 });
    const pasted = await client.login(USER, PASSWORD);
    const linesBefore = (await api.sessions.storedLines()).length;
    script([
      {
        kind: 'input',
        answer: '3d0f1dde-aaff-4ce8-b61a-af212a860abc:999',
        expect: (r) => {
          assert.equal(r.password, true);
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.signInWithSessionKey);
    const refused = await prompter.nextNotification();
    assert.deepEqual(refused.actions, ['Sign In']);
    assert.ok(!refused.message.includes('3d0f1dde'), 'the key is not repeated in the message');
    assert.equal((await api.sessions.storedLines()).length, linesBefore, 'a rejected key is not stored');

    script([{ kind: 'input', answer: pasted }]);
    await vscode.commands.executeCommand(COMMANDS.signInWithSessionKey);
    const line = (await api.sessions.storedLines()).find((l) => l.server === sandbox.baseUrl && l.deviceId === pasted.split(':')[1]);
    assert.ok(line, 'the line of the pasted key is signed in');
    assert.ok((await api.sessions.keyOf(line)) === pasted, 'the pasted key is what is stored');
    assert.equal(line.label, USER, 'a line already signed in keeps its name');
  });

  it('signs out locally when logout fails, and says the key may still be valid', async () => {
    const node = lineNode(api, USER);
    const key = await api.sessions.keyOf(node.line);
    assert.ok(key);
    script([]);
    sandbox.injectFaults({ kind: 'drop' });
    await vscode.commands.executeCommand(COMMANDS.signOut, node);
    const note = await prompter.nextNotification();
    assert.equal(note.severity, 'warning');
    assert.match(note.message, /may still be valid on the server/);
    assert.ok(!note.message.includes(key));
    assert.equal(await api.sessions.keyOf(node.line), undefined, 'removed locally all the same');
    assert.equal(sandbox.isSessionValid(key), true, 'the server never got the logout');
    await signInThroughPrompts();
  });

  it('signs out: logout on the server, and the secret gone', async () => {
    const node = lineNode(api, USER);
    const key = await api.sessions.keyOf(node.line);
    assert.ok(key && sandbox.isSessionValid(key));
    script([]);
    await vscode.commands.executeCommand(COMMANDS.signOut, node);
    assert.equal(sandbox.isSessionValid(key), false, 'revoked on the server');
    assert.equal(await api.sessions.keyOf(node.line), undefined, 'removed from SecretStorage');
    assert.ok(!(await api.sessions.storedLines()).some((l) => l.id === node.line.id));
  });
});
