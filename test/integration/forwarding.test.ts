// Issue "your handler in the loop", in a real editor: the sandbox sends to the receiver, which forwards to two
// loopback handlers; a handler's 500 makes the sandbox retry; pause keeps capturing; Edit and Replay keeps an id
// above 2^53 exact and a GET replay carries the fields as its query; Copy Receiver URL goes through asExternalUri.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { Capture } from '../../src/receiver/captureStore';
import { byLabel, ScriptedPrompter, type ScriptStep } from '../support/scriptedPrompter';
import { startRecordingServer, type RecordingServer } from '../unit/helpers/recordingServer';
import { activateExtension, hookNode, lineNode, setSetting, signOutEverything, treeText, waitFor } from './helpers/extension';

const SANDBOX_USER = '4257772300';
const RECEIVE_HOOK = 'https://example.com/zipwhip/message/receive';

describe('Forwarding captures to your handler, in a real editor', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prompter: ScriptedPrompter;
  let flaky: RecordingServer;
  let audit: RecordingServer;
  let replayTarget: RecordingServer;
  let flakyCalls = 0;
  /** The payload document Edit and Replay opened. */
  let payloadUri: vscode.Uri | undefined;

  const script = (steps: ScriptStep[]): ScriptedPrompter => {
    prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    return prompter;
  };
  const captures = (): Capture[] => api.receiver.list();

  before(async () => {
    api = await activateExtension();
    flaky = await startRecordingServer((_req, res) => {
      flakyCalls += 1;
      res
        .writeHead(flakyCalls === 1 ? 500 : 200, { 'content-type': 'application/json' })
        .end(flakyCalls === 1 ? '{"error":"first time"}' : '{"handled":true}');
    });
    audit = await startRecordingServer((_req, res) => res.writeHead(202).end('audited'));
    replayTarget = await startRecordingServer((_req, res) => res.writeHead(200).end('replayed'));
    await signOutEverything(api);
    await setSetting('receiver.forward', { 'message/receive': [flaky.url, audit.url] });
    script([]);
    await vscode.commands.executeCommand(COMMANDS.startSandbox);
    await waitFor('the sandbox line', async () =>
      (await treeText(api)).some((r) => r.startsWith(`${SANDBOX_USER} — Sandbox`)) ? true : undefined,
    );
  });

  after(async () => {
    api.setPrompter(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.receiver.stop();
    await setSetting('receiver.forward', undefined);
    await signOutEverything(api);
    await api.sandbox.stop();
    await Promise.all([flaky.close(), audit.close(), replayTarget.close()]);
  });

  it('starts the receiver forwarding by the routing table, with no handler asked for the routed event', async () => {
    script([
      {
        kind: 'pick',
        answer: byLabel('Forward to your handler'),
        expect: (r) => {
          assert.match(r.items[1]?.description ?? '', /1 route/);
        },
      },
      {
        kind: 'input',
        answer: '',
        expect: (r) => {
          assert.match(r.prompt ?? '', /does not route/);
        },
      },
      { kind: 'input', answer: '0' },
      { kind: 'pick', answer: byLabel('127.0.0.1') },
    ]);
    await vscode.commands.executeCommand(COMMANDS.startReceiver);
    assert.deepEqual(prompter.unexpected, []);
    assert.equal(prompter.remaining, 0);
    assert.equal(api.receiver.forwardingState, 'on');
  });

  it("the sandbox retries after the handler's 500 until it gets a 200; each handler's status and time are kept", async () => {
    script([]);
    await vscode.commands.executeCommand(COMMANDS.pointHookAtReceiver, hookNode(api, lineNode(api, SANDBOX_USER).line, RECEIVE_HOOK));
    const receiveEvent = api.tree
      .getChildren({ kind: 'line', line: lineNode(api, SANDBOX_USER).line })
      .find((n) => n.kind === 'event' && n.spec.event === 'receive');
    script([
      { kind: 'pick', answer: byLabel('Send now') },
      { kind: 'input', answer: '1' },
    ]);
    await vscode.commands.executeCommand(COMMANDS.simulateEvent, receiveEvent);
    const note = await prompter.nextNotification();
    assert.match(note.message, /1 delivery to 1 hook; 1 answered 2xx/, 'the retry got the 200');
    const list = await waitFor('two captures (the first try and the retry)', () =>
      captures().length === 2 && captures().every((c) => c.forwards) ? captures() : undefined,
    );
    const [retry, first] = list;
    assert.ok(first?.forwards && retry?.forwards);
    assert.deepEqual(
      first.forwards.map((f) => f.status),
      [500, 202],
    );
    assert.deepEqual(
      retry.forwards.map((f) => f.status),
      [200, 202],
    );
    for (const result of [...first.forwards, ...retry.forwards]) {
      assert.ok(
        result.timeToFirstByteMs !== undefined && result.timeToFirstByteMs >= 0 && result.totalMs >= result.timeToFirstByteMs,
        JSON.stringify(result),
      );
    }
    assert.equal(first.forwards[0]?.body, '{"error":"first time"}');
    assert.equal(flaky.seen.length, 2);
    assert.equal(flaky.seen[0]?.url, '/zipwhip/message/receive');
    assert.equal(audit.seen.length, 2, 'fan-out to both handlers, twice');
    const row = api.captures.getTreeItem(first);
    assert.match(String(row.description), /^→ 500 · \d+ ms, 202 · \d+ ms · /);
    assert.equal(row.contextValue, 'capture.failed');
  });

  it('Show Failed Only shows just the failed capture, with the count in the title', async () => {
    await vscode.commands.executeCommand(COMMANDS.showFailedOnly);
    assert.equal(api.captures.getChildren().length, 1);
    assert.equal(api.captures.getChildren()[0]?.forwards?.[0]?.status, 500);
    await vscode.commands.executeCommand(COMMANDS.showAllCaptures);
    assert.equal(api.captures.getChildren().length, 2);
  });

  it('keeps capturing while forwarding is paused, and forwards nothing', async () => {
    await vscode.commands.executeCommand(COMMANDS.pauseForwarding);
    assert.equal(api.receiver.forwardingState, 'paused');
    const before = flaky.seen.length;
    const receiveEvent = api.tree
      .getChildren({ kind: 'line', line: lineNode(api, SANDBOX_USER).line })
      .find((n) => n.kind === 'event' && n.spec.event === 'receive');
    script([
      { kind: 'pick', answer: byLabel('Send now') },
      { kind: 'input', answer: '1' },
    ]);
    await vscode.commands.executeCommand(COMMANDS.simulateEvent, receiveEvent);
    await prompter.nextNotification();
    const paused = await waitFor('the paused capture', () => (captures().length === 3 ? captures()[0] : undefined));
    assert.equal(paused.forwarding, 'paused');
    assert.equal(flaky.seen.length, before);
    await vscode.commands.executeCommand(COMMANDS.resumeForwarding);
    assert.equal(api.receiver.forwardingState, 'on');
  });

  it('Edit and Replay keeps an id above 2^53 exact; a GET replay carries the fields as its query', async () => {
    const capture = captures()[2];
    assert.ok(capture);
    const id = /"id":(\d+)/.exec(capture.body)?.[1];
    assert.ok(id && BigInt(id) > 2n ** 53n);
    await vscode.commands.executeCommand(COMMANDS.editAndReplay, capture);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.ok(editor.document.uri.path.endsWith('.zipwhip-payload.json'));
    payloadUri = editor.document.uri;
    assert.match(editor.document.getText(), new RegExp(`"id": ${id}`));
    const edit = new vscode.WorkspaceEdit();
    const text = editor.document.getText();
    const at = text.indexOf('"body": "') + '"body": "'.length;
    edit.insert(editor.document.uri, editor.document.positionAt(at), 'EDITED ');
    assert.ok(await vscode.workspace.applyEdit(edit));

    script([
      { kind: 'input', answer: `${replayTarget.url}in` },
      {
        kind: 'pick',
        answer: byLabel('POST'),
        expect: (r) => {
          assert.equal(r.active, 'POST');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.sendPayload, editor.document.uri);
    const posted = await waitFor('the edited POST', () => replayTarget.seen[0]);
    assert.equal(posted.method, 'POST');
    assert.match(posted.body.toString('utf8'), new RegExp(`"id": ${id},`), 'the id is exact in the body');
    assert.match(posted.body.toString('utf8'), /"body": "EDITED /);

    script([
      {
        kind: 'input',
        answer: `${replayTarget.url}in`,
        expect: (r) => {
          assert.equal(r.value, `${replayTarget.url}in`);
        },
      },
      { kind: 'pick', answer: byLabel('GET') },
    ]);
    await vscode.commands.executeCommand(COMMANDS.sendPayload, editor.document.uri);
    const got = await waitFor('the GET', () => replayTarget.seen[1]);
    assert.equal(got.method, 'GET');
    const query = new URL(got.url, 'http://x').searchParams;
    assert.equal(query.get('id'), id, 'the id is exact in the query');
    assert.match(query.get('body') ?? '', /^EDITED /);
    assert.equal(got.body.length, 0);
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /HTTP 200 OK/, 'the result is shown');
  });

  it('a payload that is not JSON is refused, saying why, and nothing is sent', async () => {
    assert.ok(payloadUri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(payloadUri, new vscode.Position(0, 0), '}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = replayTarget.seen.length;
    script([]);
    await vscode.commands.executeCommand(COMMANDS.sendPayload, payloadUri);
    const note = await prompter.nextNotification();
    assert.match(note.message, /not valid JSON/);
    assert.equal(replayTarget.seen.length, before);
  });

  it('Compare with Original opens a diff of the captured and the edited payload', async () => {
    assert.ok(payloadUri);
    await vscode.commands.executeCommand(COMMANDS.comparePayloadWithOriginal, payloadUri);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputTextDiff, `a diff is open (${tab?.label ?? 'no tab'})`);
    assert.ok(tab.input.modified.path.endsWith('.zipwhip-payload.json'));
  });

  it('Copy Receiver URL gives the forwarded address, and a request to it is captured', async () => {
    await vscode.commands.executeCommand(COMMANDS.copyReceiverUrl);
    const copied = await vscode.env.clipboard.readText();
    const external = (await vscode.env.asExternalUri(vscode.Uri.parse(api.receiver.url ?? ''))).toString(true);
    assert.equal(copied, external, 'the clipboard holds what asExternalUri gives');
    const before = captures().length;
    await vscode.commands.executeCommand(COMMANDS.pauseForwarding);
    const answer = await fetch(new URL('zipwhip/message/read', copied), {
      method: 'POST',
      body: '{"messageType":"MO","read":true}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(answer.status, 200, await answer.text());
    await waitFor('the capture through the forwarded address', () => (captures().length === before + 1 ? true : undefined));
    assert.match(captures()[0]?.path ?? '', /zipwhip\/message\/read$/);
  });
});
