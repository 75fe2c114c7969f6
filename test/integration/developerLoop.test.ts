import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/constants';
import type { TestApi } from '../../src/extension';
import type { Capture } from '../../src/receiver/captureStore';
import type { TreeNode } from '../../src/views/treeModel';
import { byLabel, ScriptedPrompter, type ScriptStep } from '../support/scriptedPrompter';
import { activateExtension, hookNode, lineNode, signOutEverything, treeText, waitFor } from './helpers/extension';

const SANDBOX_USER = '4257772300';
const RECEIVE_HOOK = 'https://example.com/zipwhip/message/receive';
const PROGRESS_HOOK = 'https://example.com/zipwhip/message/progress';

interface Received {
  method: string;
  url: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

/** A local server standing in for the developer's own receiver, for Replay. */
async function startTarget(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(202, { 'content-type': 'text/plain' }).end('accepted by the test target');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/zipwhip`, received };
}

function activeText(): string {
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor, 'a result document is open');
  return editor.document.getText();
}

describe('The webhook developer loop in a real editor', function () {
  this.timeout(60_000);
  let api: TestApi;
  let prompter: ScriptedPrompter;
  let target: Awaited<ReturnType<typeof startTarget>>;
  const exportDir = mkdtempSync(join(tmpdir(), 'zipwhip-export-'));

  const script = (steps: ScriptStep[]): ScriptedPrompter => {
    prompter = new ScriptedPrompter(steps);
    api.setPrompter(prompter);
    return prompter;
  };
  const sandboxLine = () => lineNode(api, SANDBOX_USER).line;
  const captures = (): Capture[] => api.receiver.list();

  before(async () => {
    api = await activateExtension();
    target = await startTarget();
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
    await api.receiver.stop();
    await signOutEverything(api);
    await api.sandbox.stop();
    await new Promise<void>((resolve) =>
      target.server.close(() => {
        resolve();
      }),
    );
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('starts the receiver on loopback, on the port asked for', async () => {
    script([
      {
        kind: 'pick',
        answer: byLabel('Capture only'),
        expect: (r) => {
          assert.equal(r.step, 1);
        },
      },
      {
        kind: 'input',
        answer: '0',
        expect: (r) => {
          assert.equal(r.step, 2);
        },
      },
      {
        kind: 'pick',
        answer: byLabel('127.0.0.1'),
        expect: (r) => {
          assert.equal(r.active, '127.0.0.1');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.startReceiver);
    assert.deepEqual(prompter.unexpected, []);
    const url = api.receiver.url;
    assert.ok(url?.startsWith('http://127.0.0.1:'), url);
    assert.equal(api.receiver.listensOnAllInterfaces, false);
  });

  it('points a sandbox hook at the receiver and remembers the original', async () => {
    const node = hookNode(api, sandboxLine(), RECEIVE_HOOK);
    await vscode.commands.executeCommand(COMMANDS.pointHookAtReceiver, node);
    const hooks = api.tree.hooksOf(sandboxLine()) ?? [];
    const pointed = hooks.find((h) => h.webhookId === node.hook.webhookId);
    assert.equal(pointed?.url, new URL('zipwhip/message/receive', api.receiver.url).toString());
    const item = api.tree.getTreeItem({ kind: 'hook', line: sandboxLine(), hook: pointed });
    assert.equal(item.contextValue, 'hook.pointed');
    assert.match(
      typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''),
      /Original: POST https:\/\/example\.com\/zipwhip\/message\/receive/,
    );
  });

  it('simulates events: the deliveries arrive in the Deliveries view, ids exact', async () => {
    const line = sandboxLine();
    const receiveEvent = api.tree
      .getChildren({ kind: 'line', line })
      .find((n): n is TreeNode & { kind: 'event' } => n.kind === 'event' && n.spec.event === 'receive');
    script([
      {
        kind: 'pick',
        answer: byLabel('Send now'),
        expect: (r) => {
          assert.equal(r.active, 'now');
        },
      },
      {
        kind: 'input',
        answer: '2',
        expect: (r) => {
          assert.equal(r.value, '1');
          assert.equal(r.validate?.('0')?.severity, 'error');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.simulateEvent, receiveEvent);
    const note = await prompter.nextNotification();
    assert.equal(note.severity, 'info', note.message);
    assert.match(note.message, /2 deliveries to 1 hook; 2 answered 2xx/);
    const list = await waitFor('two captures', () => (captures().length === 2 ? captures() : undefined));
    for (const capture of list) {
      assert.equal(capture.method, 'POST');
      assert.equal(capture.path, '/zipwhip/message/receive');
      assert.equal(capture.event, 'message:receive');
      const id = /"id"\s*:\s*(\d+)/.exec(capture.body)?.[1];
      assert.ok(id && BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER), `a message id above 2^53 (${id ?? 'none'})`);
    }
    const rows = api.captures.getChildren().map((c) => api.captures.getTreeItem(c));
    assert.equal(rows.length, 2);
    assert.equal(rows[0]?.label, 'POST /zipwhip/message/receive');
    assert.match(String(rows[0].description), /message receive/);
  });

  it('opens a delivery read-only, with headers and the big id exact', async () => {
    const capture = captures()[0];
    assert.ok(capture);
    await vscode.commands.executeCommand(COMMANDS.openCapture, capture);
    const text = activeText();
    assert.ok(text.includes('POST /zipwhip/message/receive'), text.slice(0, 200));
    assert.match(text, /user-agent: Apache-HttpClient\/4\.5\.7 \(Java\/1\.8\.0_201\)/i);
    const id = /"id"\s*:\s*(\d+)/.exec(capture.body)?.[1] ?? 'missing';
    assert.ok(text.includes(id), 'the id is shown exactly as it arrived');
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'zipwhip-output');
  });

  it('replays a delivery to a URL (exact bytes) and remembers the URL', async () => {
    const capture = captures()[0];
    assert.ok(capture);
    script([{ kind: 'input', answer: target.url }]);
    await vscode.commands.executeCommand(COMMANDS.replayCapture, capture);
    assert.equal(target.received.length, 1);
    const got = target.received[0];
    assert.equal(got?.method, 'POST');
    assert.equal(got.url, '/hooks/zipwhip');
    assert.equal(got.body.toString('utf8'), capture.body);
    assert.equal(got.headers['user-agent'], 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)');
    assert.match(activeText(), /HTTP 202/);
    script([
      {
        kind: 'input',
        answer: target.url,
        expect: (r) => {
          assert.equal(r.value, target.url);
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.replayCapture, capture);
    assert.equal(prompter.remaining, 0);
    assert.equal(target.received.length, 2);
  });

  it('copies a delivery as a cURL command', async () => {
    const capture = captures()[0];
    assert.ok(capture);
    await vscode.commands.executeCommand(COMMANDS.copyCaptureAsCurl, capture);
    const text = await vscode.env.clipboard.readText();
    assert.match(text, /^curl /);
    assert.ok(text.includes("-X 'POST'") || text.includes('-X POST'), text.slice(0, 200));
    assert.ok(text.includes(target.url), 'sent to the remembered replay URL');
    assert.ok(text.includes('--data-binary'));
  });

  it('sends a test delivery to a hook and shows the result; asks first for a URL off this machine', async () => {
    const line = sandboxLine();
    const pointed = (api.tree.hooksOf(line) ?? []).find((h) => h.url.startsWith(api.receiver.url ?? '-'));
    assert.ok(pointed);
    const before = captures().length;
    script([]);
    await vscode.commands.executeCommand(COMMANDS.sendTestDelivery, { kind: 'hook', line, hook: pointed });
    assert.deepEqual(prompter.asked, [], 'no confirmation for loopback');
    await waitFor('the test delivery to arrive', () => (captures().length === before + 1 ? true : undefined));
    const text = activeText();
    assert.match(text, /# Request/);
    assert.ok(text.includes(`POST ${pointed.url}`));
    assert.match(text, /HTTP 200/);
    assert.match(text, /Time to first byte: /);

    const remote = hookNode(api, line, PROGRESS_HOOK);
    script([
      {
        kind: 'confirm',
        answer: false,
        expect: (r) => {
          assert.ok(r.message.includes(PROGRESS_HOOK));
          assert.equal(r.confirmLabel, 'Send');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.sendTestDelivery, remote);
    assert.equal(prompter.remaining, 0);
    assert.equal(captures().length, before + 1, 'declined: nothing sent');
  });

  it('checks an endpoint and flags plain http', async () => {
    const line = sandboxLine();
    const pointed = (api.tree.hooksOf(line) ?? []).find((h) => h.url.startsWith(api.receiver.url ?? '-'));
    assert.ok(pointed);
    await vscode.commands.executeCommand(COMMANDS.checkEndpoint, { kind: 'hook', line, hook: pointed });
    const text = activeText();
    assert.match(text, /DNS/);
    assert.match(text, /TCP/);
    assert.match(text, /HTTPS/i, 'plain http is flagged');
    assert.match(text, /200/);
  });

  it('exports the history as JSON and clears it', async () => {
    const file = join(exportDir, 'deliveries.json');
    const count = captures().length;
    script([{ kind: 'saveAs', answer: vscode.Uri.file(file).toString() }]);
    await vscode.commands.executeCommand(COMMANDS.exportCaptures);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { captures: Capture[] };
    assert.equal(exported.captures.length, count);
    assert.equal(exported.captures[0]?.id, captures()[0]?.id);
    script([
      {
        kind: 'confirm',
        answer: true,
        expect: (r) => {
          assert.equal(r.confirmLabel, 'Clear');
        },
      },
    ]);
    await vscode.commands.executeCommand(COMMANDS.clearCaptures);
    assert.equal(captures().length, 0);
    assert.equal(api.captures.getChildren().length, 0);
  });

  it("restores the hook's original URL and method", async () => {
    const line = sandboxLine();
    const pointed = (api.tree.hooksOf(line) ?? []).find((h) => h.url.startsWith(api.receiver.url ?? '-'));
    assert.ok(pointed);
    await vscode.commands.executeCommand(COMMANDS.restoreHookUrl, { kind: 'hook', line, hook: pointed });
    const restored = (api.tree.hooksOf(line) ?? []).find((h) => h.webhookId === pointed.webhookId);
    assert.equal(restored?.url, RECEIVE_HOOK);
    assert.equal(restored.method, 'POST');
    assert.equal(api.tree.getTreeItem({ kind: 'hook', line, hook: restored }).contextValue, 'hook');
  });

  it('stops the receiver and refuses to point a hook at a stopped one', async () => {
    await vscode.commands.executeCommand(COMMANDS.stopReceiver);
    assert.equal(api.receiver.url, undefined);
    script([]);
    await vscode.commands.executeCommand(COMMANDS.pointHookAtReceiver, hookNode(api, sandboxLine(), RECEIVE_HOOK));
    const note = await prompter.nextNotification();
    assert.match(note.message, /receiver is not running/);
  });
});
