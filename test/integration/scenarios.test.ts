// Issue "conversations, chaos and tests", in a real editor: Run Scenario through the sandbox to a handler that
// fails one step (the diagnostic lands on that step), and the Test Explorer running a fixture against a handler
// toggled between 200 and 500.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import { byLabel, ScriptedPrompter, type ScriptStep } from '../support/scriptedPrompter';
import { startRecordingServer, type RecordingServer } from '../unit/helpers/recordingServer';
import { activateExtension, setSetting, signOutEverything, treeText, waitFor } from './helpers/extension';

const SANDBOX_USER = '4257772300';

describe('Scenarios and tests, in a real editor', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prompter: ScriptedPrompter;
  let handler: RecordingServer;
  let failOptOut = true;
  let status = 200;
  const folder = (): vscode.Uri => {
    const uri = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(uri, 'the test editor has a workspace folder');
    return uri;
  };
  const script = (steps: ScriptStep[]): ScriptedPrompter => {
    prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    return prompter;
  };

  before(async () => {
    api = await activateExtension();
    handler = await startRecordingServer((req, res) => {
      if (req.url.includes('/fixture')) {
        res.writeHead(status).end(status === 200 ? '{"ok":true}' : 'broken');
        return;
      }
      res.writeHead(failOptOut && req.url.includes('optout') ? 500 : 200).end('{"ok":true}');
    });
    await signOutEverything(api);
    script([]);
    await vscode.commands.executeCommand(COMMANDS.startSandbox);
    await waitFor('the sandbox line', async () =>
      (await treeText(api)).some((r) => r.startsWith(`${SANDBOX_USER} — Sandbox`)) ? true : undefined,
    );
  });

  after(async () => {
    api.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('receiver.forward', undefined);
    await api.receiver.stop();
    await signOutEverything(api);
    await api.sandbox.stop();
    await handler.close();
  });

  it('New Scenario writes the starting file into the workspace and opens it', async () => {
    script([{ kind: 'input', answer: 'reservation' }]);
    await vscode.commands.executeCommand(COMMANDS.newScenario);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), vscode.Uri.joinPath(folder(), 'reservation.zipwhip-scenario.json').toString());
    assert.match(editor.document.getText(), /"as": "reply"/);
  });

  it('Run Scenario plays through the sandbox, the receiver and its forwarding; the failed step gets the diagnostic', async () => {
    await setSetting('receiver.forward', { '*': handler.url });
    script([
      { kind: 'pick', answer: byLabel('Forward to your handler') },
      { kind: 'input', answer: '0' },
      { kind: 'pick', answer: byLabel('127.0.0.1') },
    ]);
    await vscode.commands.executeCommand(COMMANDS.startReceiver);
    assert.equal(api.receiver.forwardingState, 'on');
    // Every event of the demo line to the receiver: one hook each, as a developer would point them.
    const line = (await api.sessions.storedLines()).find((l) => api.sessions.isSandbox(l));
    assert.ok(line);
    for (const hook of api.tree.hooksOf(line) ?? []) {
      await api.sessions.withSession(line, (client, key) => client.deleteWebhook(key, hook.webhookId));
    }
    for (const [type, event] of [
      ['message', 'receive'],
      ['message', 'send'],
      ['message', 'progress'],
      ['message', 'read'],
      ['message', 'delete'],
      ['optout', 'change'],
    ] as const) {
      await api.sessions.withSession(line, (client, key) =>
        client.addWebhook(key, { type, event, url: new URL(`zipwhip/${type}/${event}`, api.receiver.url).toString(), method: 'POST' }),
      );
    }
    await api.tree.refresh(line);
    const uri = vscode.Uri.joinPath(folder(), 'reservation.zipwhip-scenario.json');
    const document = await vscode.workspace.openTextDocument(uri);
    const stepLine = document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"event": "change"'));
    assert.ok(stepLine > 0);
    script([]);
    await vscode.commands.executeCommand(COMMANDS.runScenario, uri);
    const note = await prompter.nextNotification(0, 30_000);
    assert.equal(note.severity, 'warning', note.message);
    assert.match(note.message, /failed: 5 of 6 steps passed/);
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(diagnostics[0]?.range.start.line, stepLine, 'on the STOP step');
    assert.match(diagnostics[0].message, /expected 2xx, got 500/);
    const paths = handler.seen.map((r) => r.url);
    for (const event of ['message/receive', 'message/send', 'message/progress', 'message/read', 'optout/change', 'message/delete']) {
      assert.ok(paths.includes(`/zipwhip/${event}`), `${event} reached the handler through the receiver`);
    }
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /# Scenario reservation: FAILED/);

    failOptOut = false;
    await vscode.commands.executeCommand(COMMANDS.runScenario, uri);
    const again = await prompter.nextNotification(1, 30_000);
    assert.match(again.message, /passed: 6 of 6 steps passed/);
    assert.deepEqual(vscode.languages.getDiagnostics(uri), [], 'the diagnostic goes once the step passes');
  });

  it('a scenario with a mistake is refused with the problem on its step, and nothing is played', async () => {
    const uri = vscode.Uri.joinPath(folder(), 'broken.zipwhip-scenario.json');
    await vscode.workspace.fs.writeFile(
      uri,
      Buffer.from('{ "line": "4257772300", "contact": "+12065550100", "steps": [ { "event": "read", "of": "nobody" } ] }'),
    );
    const before = handler.seen.length;
    script([]);
    await vscode.commands.executeCommand(COMMANDS.runScenario, uri);
    const note = await prompter.nextNotification();
    assert.match(note.message, /names no earlier step/);
    assert.equal(vscode.languages.getDiagnostics(uri).length, 1);
    assert.equal(handler.seen.length, before);
    await vscode.workspace.fs.delete(uri);
  });

  it('Save as Test writes a fixture; the Test Explorer passes it at 200 and fails it at 500, with the difference', async () => {
    const capture = api.receiver.list().find((c) => c.event === 'message:receive');
    assert.ok(capture);
    script([
      { kind: 'input', answer: 'receive' },
      { kind: 'pick', answer: byLabel('Mask the message text') },
      { kind: 'input', answer: '' },
    ]);
    await vscode.commands.executeCommand(COMMANDS.saveAsTest, capture);
    const uri = vscode.Uri.joinPath(folder(), '.zipwhip', 'tests', 'receive.zipwhip-test.json');
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    assert.ok(!text.includes('Do you have tables at 7'), 'the text is masked');
    // Point it at the handler's fixture path, where the test toggles the answer.
    const fixture = JSON.parse(text) as { target?: string };
    fixture.target = `${handler.url}fixture`;
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(fixture)));
    await api.tests.discover();
    const item = api.tests.controller.items.get(uri.toString());
    assert.ok(item, 'the fixture is listed in the Test Explorer');
    const scenarioItem = api.tests.controller.items.get(vscode.Uri.joinPath(folder(), 'reservation.zipwhip-scenario.json').toString());
    assert.equal(scenarioItem?.children.size, 6, 'a scenario lists its steps');

    // From the first discovery on, the Test Explorer follows the files: a new one is listed, a deleted one goes.
    const later = vscode.Uri.joinPath(folder(), 'later.zipwhip-scenario.json');
    await vscode.workspace.fs.writeFile(
      later,
      Buffer.from(JSON.stringify({ line: SANDBOX_USER, contact: '+12065550100', steps: [{ event: 'receive', body: 'hi' }] })),
    );
    await waitFor('the new scenario file listed', () => (api.tests.controller.items.get(later.toString()) ? true : undefined));
    await vscode.workspace.fs.delete(later);
    await waitFor('the deleted scenario file gone', () => (api.tests.controller.items.get(later.toString()) ? undefined : true));

    status = 200;
    const token = new vscode.CancellationTokenSource().token;
    const passed = await api.tests.run(new vscode.TestRunRequest([item]), token, { quirks: new Set(), seed: 1 });
    assert.equal(passed.get(item.id)?.outcome, 'passed', JSON.stringify([...passed]));
    status = 500;
    const failed = await api.tests.run(new vscode.TestRunRequest([item]), token, { quirks: new Set(), seed: 1 });
    assert.equal(failed.get(item.id)?.outcome, 'failed');
    assert.match(failed.get(item.id)?.messages[0] ?? '', /expected 202|expected 2xx|expected 200/);
  });
});
