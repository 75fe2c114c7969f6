// Your handler in the loop, and conversations as tests, in one workbench, in the real UI (each scenario builds on
// the one before): the receiver forwards to this test's handler; an edited payload makes the handler fail, the
// failed deliveries are marked and filtered; Edit and Replay sends a fixed payload with Send and shows the diff;
// New Scenario and Run Scenario from the CodeLens show the result; Save as Test, then a run from the Test Explorer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRecordingServer, type RecordingServer } from '../unit/helpers/recordingServer';
import { chainScenarios } from './scenarioChain';
import { eventually, Workbench, type Locator, type TreeRowInfo } from './workbench';

const SANDBOX_LINE = '4257772300';
const RECEIVE_URL = 'https://example.com/zipwhip/message/receive';

describe('Your handler in the loop in a real VS Code: forwarding, failures, edit and replay, scenarios, tests', function () {
  let wb: Workbench | undefined;
  let handler: RecordingServer | undefined;
  chainScenarios(() => wb?.markFailed());

  before(async function () {
    // The developer's handler: it fails on a message that says FAIL, as a bug in it would.
    handler = await startRecordingServer((req, res) => {
      const failing = req.body.toString('utf8').includes('FAIL');
      res
        .writeHead(failing ? 500 : 200, { 'content-type': 'application/json' })
        .end(failing ? '{"error":"cannot handle FAIL"}' : '{"handled":true}');
    });
    wb = await Workbench.start({ name: 'handler-loop', settings: { 'zipwhip.receiver.forward': { '*': handler.url } } });
    try {
      await wb.openView('Zipwhip');
      await wb.resizeSideBar(640);
    } catch (error) {
      wb.markFailed();
      throw error;
    }
  });

  after(async function () {
    await wb?.dispose();
    await handler?.close();
  });

  function workbench(): Workbench {
    assert.ok(wb, 'the workbench did not start');
    return wb;
  }

  function theHandler(): RecordingServer {
    assert.ok(handler, 'the handler did not start');
    return handler;
  }

  function statusBar(text: RegExp): Locator {
    return workbench().page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  }

  async function deliveryRows(ok: (rows: TreeRowInfo[]) => boolean, what: string): Promise<TreeRowInfo[]> {
    return eventually(what, () => workbench().treeRows('Deliveries'), ok);
  }

  /** A CodeLens above the active editor's first line, by its title. */
  function codeLens(title: string): Locator {
    return workbench().page.locator('.part.editor .editor-group-container.active .codelens-decoration a', { hasText: title }).first();
  }

  /** Clicks a CodeLens of the active editor, scrolled to its top first (the lens sits above the first line). */
  async function clickCodeLens(title: string): Promise<void> {
    const page = workbench().page;
    await codeLens(title).waitFor({ state: 'visible' });
    await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.waitForTimeout(200);
    await codeLens(title).click();
  }

  /** Replaces every `from` with `to` in the active editor, with the editor's own Replace All. */
  async function replaceAll(from: string, to: string): Promise<void> {
    const page = workbench().page;
    await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+H');
    const find = page.locator('.part.editor .editor-group-container.active .find-widget');
    await find.waitFor({ state: 'visible' });
    await find.locator('.find-part textarea, .find-part input').first().fill(from);
    const replace = find.locator('.replace-part textarea, .replace-part input').first();
    await replace.fill(to);
    await replace.press('Control+Alt+Enter'); // Replace All
    await page.keyboard.press('Escape');
  }

  it('1. starts the sandbox and the receiver in "Forward to your handler" mode; the status bar says it forwards', async function () {
    const wb = workbench();
    await wb.welcomeButton('Start Sandbox').click();
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.runCommand('Zipwhip: Start Receiver…');
    await wb.waitForQuickInputTitle('Start Receiver (1/3)');
    await wb.screenshot('handler-1-mode');
    await wb.pickRow('Forward to your handler').click();
    await wb.waitForQuickInputTitle('Start Receiver (2/3)');
    const qi = wb.quickInput();
    await qi.input.fill('0');
    await qi.input.press('Enter');
    await wb.waitForQuickInputTitle('Start Receiver (3/3)');
    await wb.pickRow('127.0.0.1').click();
    await qi.widget.waitFor({ state: 'hidden' });
    await statusBar(/127\.0\.0\.1:\d+ · 0\s+handler/).waitFor({ state: 'visible' });
    await wb.contextMenu(wb.treeItem(RECEIVE_URL), 'Point Hook at Receiver');
    await wb
      .treeRow(/pointed at the receiver/)
      .first()
      .waitFor({ state: 'visible' });
  });

  it('2. Simulate Event → Edit payload first: the payload opens as JSON; with FAIL in it, Send makes the handler fail', async function () {
    const wb = workbench();
    await wb.runCommand('Zipwhip: Simulate Event…');
    await wb.waitForQuickInputTitle('Simulate Event (sandbox) (1/3)');
    await wb.pickRow('receive').click();
    await wb.waitForQuickInputTitle('Simulate Event (sandbox) (2/3)');
    await wb.pickRow('Edit payload first').click();
    await wb.waitForActiveTab(/^simulate-message-receive-.*\.zipwhip-payload(?:\.json)?$/);
    await codeLens('Send').waitFor({ state: 'visible' });
    await replaceAll('Hello World', 'FAIL please');
    await wb.waitForEditorLine('the edited body', (l) => l.includes('"body": "FAIL please"'));
    await wb.screenshot('handler-2-edited-payload');
    await clickCodeLens('Send');
    await wb
      .notification(/Fired receive with the edited payload: 1 delivery to 1 hook; 0 answered 2xx, 1 failed after retries/)
      .waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(
      theHandler().seen.some((r) => r.body.toString('utf8').includes('FAIL please')),
      'the handler got the edited payload',
    );
  });

  it('3. the failed deliveries stand out (→ 500) and Show Failed Deliveries Only filters them, with the count in the title', async function () {
    const wb = workbench();
    const rows = await deliveryRows((r) => r.length === 4, 'the first try and three retries');
    for (const row of rows) assert.match(row.description, /^→ 500 · \d+ ms · /, JSON.stringify(row));
    const header = wb.viewPane('Deliveries').locator('.pane-header').first();
    await header.hover();
    await header.locator('.actions .action-label[aria-label^="Show Failed Deliveries Only"]').click();
    await header.locator('.description', { hasText: /^4 of 4 · failed only$/ }).waitFor({ state: 'visible' });
    await wb
      .treeRowAt(rows[0]?.index ?? 0, 'Deliveries')
      .locator('.codicon-error')
      .waitFor({ state: 'visible' });
    await wb.screenshot('handler-3-failed-only');
  });

  it('4. Edit and Replay on a failed delivery: fixed, sent with Send to the handler (HTTP 200), then the diff with the original', async function () {
    const wb = workbench();
    const rows = await deliveryRows((r) => r.length === 4, 'the failed deliveries');
    await wb.contextMenu(wb.treeRowAt(rows[0]?.index ?? 0, 'Deliveries'), 'Edit and Replay…');
    await wb.waitForActiveTab(/^capture-.*\.zipwhip-payload(?:\.json)?$/);
    await replaceAll('FAIL please', 'fixed');
    await clickCodeLens('Send');
    const qi = wb.quickInput();
    await wb.waitForQuickInputTitle('Send the edited payload (1/2)');
    await qi.input.fill(`${theHandler().url}zipwhip/message/receive`);
    await qi.input.press('Enter');
    await wb.waitForQuickInputTitle('Send the edited payload (2/2)');
    await wb.pickRow('POST').click();
    await qi.widget.waitFor({ state: 'hidden' });
    await wb.waitForActiveTab(/^Sent /);
    await wb.waitForEditorLine('HTTP 200', (l) => l.endsWith('→ HTTP 200 OK'));
    assert.ok(
      theHandler().seen.some((r) => r.body.toString('utf8').includes('"body": "fixed"')),
      'the handler got the fixed payload',
    );
    await wb.screenshot('handler-4-sent');
    await wb.page
      .locator('.tabs-container .tab', { has: wb.page.locator('.label-name', { hasText: /^capture-.*\.zipwhip-payload(?:\.json)?$/ }) })
      .first()
      .click();
    await clickCodeLens('Compare with Original');
    await wb.waitForActiveTab(/^Original ↔ Edited/);
    await wb.page.locator('.part.editor .editor-group-container.active .monaco-diff-editor').first().waitFor({ state: 'visible' });
    await wb.screenshot('handler-5-diff');
  });

  it("5. New Scenario, then Run Scenario from its CodeLens: each step's result, the steps no hook listens to marked", async function () {
    const wb = workbench();
    await wb.runCommand('Zipwhip: New Scenario…');
    const qi = wb.quickInput();
    await qi.input.waitFor({ state: 'visible' });
    await qi.input.fill('reservation');
    await qi.input.press('Enter');
    await wb.waitForActiveTab(/^reservation\.zipwhip-scenario(?:\.json)?$/);
    assert.ok(fs.existsSync(path.join(wb.layout.workspace, 'reservation.zipwhip-scenario.json')));
    await clickCodeLens('Run Scenario');
    await wb.waitForActiveTab(/^Scenario reservation(?:\.md)?$/);
    const lines = await wb.waitForEditorLine('the verdict', (l) => l.startsWith('# Scenario reservation: '));
    assert.ok(lines.includes('## ✓ 1. receive'), JSON.stringify(lines, null, 1));
    assert.ok(
      lines.some((l) => l.startsWith('## ✗ 2. send')),
      'no hook listens to message send on the sandbox line',
    );
    assert.ok(
      lines.some((l) => l.includes('no hook listens to message send on 4257772300')),
      JSON.stringify(lines, null, 1),
    );
    await wb.notification(/reservation: failed: \d of 6 steps passed/).waitFor({ state: 'visible' });
    await wb.screenshot('scenario-1-result');
  });

  it('6. Save as Test on a delivery the handler answered, then the Test Explorer runs it against the handler: passed', async function () {
    const wb = workbench();
    const header = wb.viewPane('Deliveries').locator('.pane-header').first();
    await header.hover();
    await header.locator('.actions .action-label[aria-label^="Show All Deliveries"]').click();
    const rows = await deliveryRows((r) => r.some((row) => row.description.startsWith('→ 200')), 'a delivery the handler answered 200');
    const passedRow = rows.find((row) => row.description.startsWith('→ 200'));
    assert.ok(passedRow);
    await wb.contextMenu(wb.treeRowAt(passedRow.index, 'Deliveries'), 'Save as Test…');
    const qi = wb.quickInput();
    await wb.waitForQuickInputTitle('Save as Test (1/3)');
    await qi.input.fill('receive');
    await qi.input.press('Enter');
    await wb.waitForQuickInputTitle('Save as Test (2/3)');
    await wb.pickRow('Mask the message text').click();
    await wb.waitForQuickInputTitle('Save as Test (3/3)');
    await qi.input.press('Enter');
    await wb.waitForActiveTab(/^receive\.zipwhip-test(?:\.json)?$/);
    const file = fs.readFileSync(path.join(wb.layout.workspace, '.zipwhip', 'tests', 'receive.zipwhip-test.json'), 'utf8');
    assert.ok(!file.includes('Hello World'), 'the message text is masked');
    assert.match(file, /\\"id\\":\d{19}/, 'the id is a number, exact (not a masked object)');

    await wb.activityBarItem('Testing').click();
    const testRow = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: /^\s*receive\s*fixture/ }).first();
    await testRow.waitFor({ state: 'visible', timeout: 30_000 });
    await testRow.hover();
    await testRow.locator('.action-label[aria-label^="Run Test"]').first().click();
    await testRow.locator('.codicon-testing-passed-icon').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.screenshot('tests-1-passed');
  });
});
