// The developer loop of the README ("simulate, test, capture, replay") in one workbench, in order (each scenario
// builds on the one before): start the sandbox, start the receiver from the Deliveries view, point the seeded
// `receive` hook at it, simulate two events, open a captured delivery, replay it to a small server of this test,
// send test deliveries (a loopback one, and a remote one that asks first), then restore the hook's URL.
// Everything is done in the real UI (palette, clicks, right-click menus, inline actions, quick inputs); what the
// tree shows is checked against the extension's sandbox through the plain Zipwhip API (the demo account).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { sandboxHooks } from './sandboxProcess';
import { chainScenarios } from './scenarioChain';
import { eventually, exactText, Workbench, type Locator, type TreeRowInfo } from './workbench';

const SANDBOX_LINE = '4257772300';
const LOG = 'Zipwhip';
const RECEIVE_URL = 'https://example.com/zipwhip/message/receive';
const PROGRESS_URL = 'https://example.com/zipwhip/message/progress';
const RECEIVE_PATH = '/zipwhip/message/receive';
const DELIVERY_LABEL = `POST ${RECEIVE_PATH}`;
const JAVA_AGENT = 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)';
const TWO_TO_THE_53 = 2n ** 53n;

/** What the test's own HTTP server (the "local server under development" a delivery is replayed to) received. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A small node:http server on 127.0.0.1 that records every request and answers 202. */
class RecordingServer {
  readonly received: Received[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<RecordingServer> {
    const server = http.createServer();
    const recorder = new RecordingServer(server);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        recorder.received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end('{"accepted":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    return recorder;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async dispose(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}

describe('Zipwhip developer loop in a real VS Code: receiver, simulate, deliveries, replay', function () {
  let wb: Workbench | undefined;
  let target: RecordingServer | undefined;
  chainScenarios(() => wb?.markFailed());
  /** The receiver's port, read from the status bar in scenario 2. */
  let receiverPort: number | undefined;
  /** The id of the capture opened in scenario 5 (from its editor tab), replayed in 6. */
  let openedCaptureId: string | undefined;

  before(async function () {
    target = await RecordingServer.start();
    wb = await Workbench.start({ name: 'developer-loop' });
    try {
      await wb.openView('Zipwhip');
      await wb.resizeSideBar(600); // room for the pointed hook's URL and the delivery rows in the screenshots
    } catch (error) {
      wb.markFailed();
      throw error;
    }
  });

  after(async function () {
    await wb?.dispose();
    await target?.dispose();
  });

  function workbench(): Workbench {
    assert.ok(wb, 'the workbench did not start');
    return wb;
  }

  function replayTarget(): RecordingServer {
    assert.ok(target, 'the replay target server did not start');
    return target;
  }

  function port(): number {
    assert.ok(receiverPort, 'the receiver port is not known (scenario 2 failed)');
    return receiverPort;
  }

  /** The URL the receive hook has while it points at the receiver. */
  function pointedUrl(): string {
    return `http://127.0.0.1:${port()}${RECEIVE_PATH}`;
  }

  /** The URL the sandbox holds for its message receive hook. */
  async function receiveHookUrl(): Promise<string | undefined> {
    const hooks = await sandboxHooks(await workbench().inExtensionSandboxUrl());
    const receive = hooks.filter((h) => h.type === 'message' && h.event === 'receive');
    assert.equal(receive.length, 1, `the sandbox has ${receive.length} message receive hooks`);
    return receive[0]?.url;
  }

  /** The receiver's status bar item (`$(radio-tower) 127.0.0.1:PORT · N`). */
  function receiverStatus(): Locator {
    return workbench()
      .page.locator('.part.statusbar .statusbar-item', { hasText: /127\.0\.0\.1:\d+ · \d+/ })
      .first();
  }

  async function waitForReceiverCount(count: number): Promise<void> {
    await workbench()
      .page.locator('.part.statusbar .statusbar-item', { hasText: exactText(`127.0.0.1:${port()} · ${count}`) })
      .first()
      .waitFor({ state: 'visible' });
  }

  /** Waits until the Deliveries view shows exactly `count` rows; returns them. */
  async function deliveryRows(count: number): Promise<TreeRowInfo[]> {
    return eventually(
      `${count} rows in the Deliveries view`,
      () => workbench().treeRows('Deliveries'),
      (rows) => rows.length === count,
    );
  }

  it('1. starts the sandbox from the welcome content: the sandbox line with the seeded hooks', async function () {
    const wb = workbench();
    await wb.welcomeButton('Start Sandbox').click();
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible', timeout: 30_000 });
    await wb.treeItem(RECEIVE_URL, 'POST').waitFor({ state: 'visible' });
    await wb.treeItem(PROGRESS_URL, 'PUT').waitFor({ state: 'visible' });
    assert.equal(await receiveHookUrl(), RECEIVE_URL);
    // The receiver is not running yet: the Deliveries view offers to start it, and a hook cannot be pointed at it.
    await wb.welcomeButton('Start Receiver', 'Deliveries').waitFor({ state: 'visible' });
    const labels = await workbench().contextMenuLabels(wb.treeItem(RECEIVE_URL, 'POST'));
    assert.ok(labels.includes('Send Test Delivery…'), `the hook's menu is ${JSON.stringify(labels)}`);
    assert.ok(labels.includes('Check Endpoint…'), `the hook's menu is ${JSON.stringify(labels)}`);
    assert.ok(
      !labels.includes('Point Hook at Receiver'),
      `the hook's menu offers Point Hook at Receiver with no receiver: ${JSON.stringify(labels)}`,
    );
    assert.equal(await receiverStatus().count(), 0, 'a receiver status bar item is shown before the receiver started');
    await wb.screenshot('loop-1-sandbox');
  });

  it('2. starts the receiver from the Deliveries view title: free port, 127.0.0.1; the status bar shows it with 0', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    const header = wb.viewPane('Deliveries').locator('.pane-header').first();
    await header.hover();
    await header.locator('.actions .action-label[aria-label^="Start Receiver"]').click();
    await workbench().waitForQuickInputTitle('Start Receiver (1/3)');
    assert.deepEqual(
      (await qi.rows.locator('.label-name').allInnerTexts()).map((t) => t.trim()),
      ['Capture only', 'Forward to your handler'],
    );
    await workbench().pickRow('Capture only').click();
    await workbench().waitForQuickInputTitle('Start Receiver (2/3)');
    assert.equal(await qi.input.inputValue(), '8787', 'the port box does not suggest zipwhip.receiver.port');
    await qi.input.fill('0');
    await qi.input.press('Enter');
    await workbench().waitForQuickInputTitle('Start Receiver (3/3)');
    assert.deepEqual(
      (await qi.rows.locator('.label-name').allInnerTexts()).map((t) => t.trim()),
      ['127.0.0.1', '0.0.0.0'],
    );
    await wb.screenshot('loop-2-receiver-bind');
    await workbench().pickRow('127.0.0.1').click();
    await qi.widget.waitFor({ state: 'hidden' });

    await receiverStatus().waitFor({ state: 'visible' });
    const text = (await receiverStatus().innerText()).trim();
    const match = /^127\.0\.0\.1:(\d+) · 0$/.exec(text);
    assert.ok(match?.[1], `the status bar shows ${JSON.stringify(text)}`);
    receiverPort = Number(match[1]);
    assert.ok(receiverPort > 0 && receiverPort !== 8787, `port ${receiverPort} is not a free port picked for 0`);
    await wb.waitForExtensionLog(LOG, new RegExp(`Receiver listening on 127\\.0\\.0\\.1:${receiverPort}, capture only$`, 'm'));
    // It answers 200 to anything, and (checked in 4) keeps it; not called here so the count stays 0.
    await wb.welcomeButton('Simulate Event', 'Deliveries').waitFor({ state: 'visible' });
    await wb.screenshot('loop-2-receiver-started');
  });

  it('3. right-click the receive hook → Point Hook at Receiver: the row and the sandbox show the receiver URL', async function () {
    const wb = workbench();
    await workbench().contextMenu(wb.treeItem(RECEIVE_URL, 'POST'), 'Point Hook at Receiver');
    await wb.treeItem(pointedUrl(), 'POST · pointed at the receiver').waitFor({ state: 'visible' });
    await wb.treeItem(RECEIVE_URL).waitFor({ state: 'hidden' });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible' });
    assert.equal(await receiveHookUrl(), pointedUrl());
    // The pointed hook offers Restore, inline and in its menu, and no second Point.
    const labels = await workbench().contextMenuLabels(wb.treeItem(pointedUrl()));
    assert.ok(labels.includes('Restore Original URL'), `the pointed hook's menu is ${JSON.stringify(labels)}`);
    assert.ok(!labels.includes('Point Hook at Receiver'), `the pointed hook's menu is ${JSON.stringify(labels)}`);
    await wb.inlineAction(wb.treeItem(pointedUrl()), 'Restore Original URL');
    await wb.screenshot('loop-3-pointed');
  });

  it('4. Simulate Event (inline on the sandbox line): receive ×2 → two deliveries captured, the count is 2, a toast sums up', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    await (await wb.inlineAction(wb.treeItem(SANDBOX_LINE), 'Simulate Event')).click();
    await workbench().waitForQuickInputTitle('Simulate Event (sandbox) (1/3)');
    await workbench().pickRow('receive').click();
    await workbench().waitForQuickInputTitle('Simulate Event (sandbox) (2/3)');
    await workbench().pickRow('Send now').click();
    await workbench().waitForQuickInputTitle('Simulate Event (sandbox) (3/3)');
    await qi.input.fill('2');
    await qi.input.press('Enter');
    await qi.widget.waitFor({ state: 'hidden' });

    await wb.notification('Fired receive ×2: 2 deliveries to 1 hook; 2 answered 2xx.').waitFor({ state: 'visible', timeout: 20_000 });
    const rows = await deliveryRows(2);
    for (const row of rows) {
      assert.equal(row.label, DELIVERY_LABEL);
      assert.match(row.description, /^\d\d:\d\d:\d\d · message receive · \d+ B$|^\d\d:\d\d:\d\d · message receive · \d+\.\d KB$/);
    }
    await waitForReceiverCount(2);
    await wb.waitForExtensionLog(LOG, /Fired message receive ×2: 2 deliveries to 1 hook; 2 answered 2xx/);
    await wb.screenshot('loop-4-simulated');
  });

  it('5. clicking a delivery opens it read-only: request line, the Java user agent, a 19-digit id kept exact', async function () {
    const wb = workbench();
    const rows = await deliveryRows(2);
    const newest = rows[0];
    assert.ok(newest);
    await wb.treeRowAt(newest.index, 'Deliveries').click();
    const title = await workbench().waitForActiveTab(/^Delivery POST -zipwhip-message-receive \S+?(?:\.(?:txt|md))?$/);
    openedCaptureId = /^Delivery POST -zipwhip-message-receive (\S+?)(?:\.(?:txt|md))?$/.exec(title)?.[1];
    assert.ok(openedCaptureId);

    const lines = await workbench().waitForEditorLine('the request line', (l) => l === `${DELIVERY_LABEL} HTTP/1.1`);
    assert.match(lines[0] ?? '', /^# Captured \d{4}-\d\d-\d\dT/);
    assert.ok(lines.includes('- Event: message:receive (recognised from the path)'), JSON.stringify(lines, null, 1));
    assert.ok(
      lines.some((l) => /^user-agent: /i.test(l) && l.endsWith(JAVA_AGENT)),
      `no Java user agent in ${JSON.stringify(lines, null, 1)}`,
    );
    assert.ok(
      lines.some((l) => /^content-type: application\/json;\s*charset=UTF-8$/i.test(l)),
      JSON.stringify(lines, null, 1),
    );
    const ids = lines.map((l) => /^\s*"id": (\d+),?$/.exec(l)?.[1]).filter((id): id is string => id !== undefined);
    assert.ok(ids.length > 0, `no "id" line visible in ${JSON.stringify(lines, null, 1)}`);
    const big = ids.filter((id) => id.length === 19 && BigInt(id) > TWO_TO_THE_53);
    assert.ok(big.length > 0, `no 19-digit id above 2^53 among ${JSON.stringify(ids)}`);

    // README picture (media/screenshot-deliveries.png): the Deliveries view with its rows (the clicked one hovered,
    // showing its inline Replay) next to the opened delivery, the receiver's count in the status bar.
    await workbench().clearNotifications();
    await wb.screenshot('loop-5-delivery-opened');

    // Read-only: typing changes nothing and the editor says so.
    await wb.page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.type('x');
    await wb.page
      .locator('.monaco-editor-overlaymessage', { hasText: /read-only/i })
      .first()
      .waitFor({ state: 'visible' });
    assert.deepEqual(await workbench().editorLines(), lines);
    await wb.page.keyboard.press('Escape');
    await wb.page.locator('.monaco-editor-overlaymessage').waitFor({ state: 'hidden' });
  });

  it('6. Replay (inline on a delivery row) to a local server: it gets the captured body bytes with POST; the result shows HTTP 202', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    const server = replayTarget();
    const captureId = openedCaptureId;
    assert.ok(captureId, 'the capture id of scenario 5 is unknown');
    const rows = await deliveryRows(2);
    const newest = rows[0];
    assert.ok(newest);
    const replayUrl = `${server.url}/hooks/zipwhip`;
    await (await wb.inlineAction(wb.treeRowAt(newest.index, 'Deliveries'), 'Replay Delivery')).click();
    await workbench().waitForQuickInputTitle(`Replay ${DELIVERY_LABEL}`);
    await qi.input.fill(replayUrl);
    await qi.message.filter({ hasText: 'HTTPS is recommended' }).waitFor({ state: 'visible' }); // a warning only
    await wb.screenshot('loop-6-replay-url');
    await qi.input.press('Enter');
    await qi.widget.waitFor({ state: 'hidden' });

    await workbench().waitForActiveTab(new RegExp(`^Replay ${captureId} 127\\.0\\.0\\.1:\\d+(?:\\.(?:txt|md))?$`));
    await workbench().waitForEditorLine('HTTP 202', (l) => l.endsWith('→ HTTP 202 Accepted'));
    const lines = await workbench().editorLines();
    assert.ok(lines.includes(`POST ${replayUrl}`), `the result does not name the request: ${JSON.stringify(lines, null, 1)}`);
    assert.equal(server.received.length, 1, `the server received ${server.received.length} requests`);
    const got = server.received[0];
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/hooks/zipwhip');
    assert.equal(got.headers['user-agent'], JAVA_AGENT);
    await wb.screenshot('loop-6-replayed');

    // What the receiver captured, from Export Deliveries (the view's title menu) into the workspace.
    const exported = path.join(wb.layout.workspace, 'zipwhip-deliveries.json');
    const header = wb.viewPane('Deliveries').locator('.pane-header').first();
    await header.hover();
    await header
      .locator('.actions .action-label[aria-label^="Views and More Actions"], .actions .action-label[aria-label^="More Actions"]')
      .first()
      .click();
    await workbench().chooseMenuItem('Export Deliveries…');
    await workbench().waitForQuickInputTitle(/Export 2 deliveries as JSON/);
    await eventually(
      'the save dialog to suggest the workspace file',
      () => qi.input.inputValue(),
      (v) => v.endsWith('zipwhip-deliveries.json'),
    );
    await qi.input.press('Enter');
    await qi.widget.waitFor({ state: 'hidden' });
    await wb.notification(/Exported 2 deliveries to .*zipwhip-deliveries\.json/).waitFor({ state: 'visible' });
    const json = JSON.parse(fs.readFileSync(exported, 'utf8')) as {
      captures: { id: string; method: string; path: string; body: string; isText: boolean }[];
    };
    const capture = json.captures.find((c) => c.id === captureId);
    assert.ok(capture, `capture ${captureId} is not in the export (${json.captures.map((c) => c.id).join(', ')})`);
    assert.equal(capture.method, 'POST');
    assert.equal(capture.path, RECEIVE_PATH);
    assert.ok(capture.isText);
    const captured = Buffer.from(capture.body, 'utf8');
    assert.ok(captured.length > 0);
    assert.ok(
      got.body.equals(captured),
      `the replayed body differs from the captured one:\n${got.body.toString('utf8')}\n---\n${capture.body}`,
    );
    assert.match(got.body.toString('utf8'), /"id":\s*\d{19}\b/, 'the replayed body lost the exact 19-digit id');
  });

  it('7. Send Test Delivery (right-click): to the pointed hook without asking (HTTP 200, count 3); to example.com it asks, Cancel sends nothing', async function () {
    const wb = workbench();
    await workbench().clearNotifications();
    await workbench().contextMenu(wb.treeItem(pointedUrl()), 'Send Test Delivery…');
    await workbench().waitForActiveTab(new RegExp(`^Test delivery receive 127\\.0\\.0\\.1:${port()}(?:\\.(?:txt|md))?$`));
    const lines = await workbench().waitForEditorLine('HTTP 200', (l) => l.endsWith('→ HTTP 200 OK'));
    assert.ok(lines.includes(`POST ${pointedUrl()}`), JSON.stringify(lines, null, 1));
    assert.ok(
      lines.some((l) => /^Time to first byte: \d+ ms · total: \d+ ms$/.test(l)),
      `no timings in ${JSON.stringify(lines, null, 1)}`,
    );
    assert.equal(await wb.modal().count(), 0, 'a loopback test delivery asked for confirmation');
    await waitForReceiverCount(3);
    const rows = await deliveryRows(3);
    assert.deepEqual(
      rows.map((r) => r.label),
      [DELIVERY_LABEL, DELIVERY_LABEL, DELIVERY_LABEL],
    );
    await wb.screenshot('loop-7-test-delivery');

    // A hook off this machine: a real request to a real server, so it asks first.
    const tabs = wb.page.locator('.part.editor .tabs-container .tab');
    const tabsBefore = await tabs.count();
    await workbench().contextMenu(wb.treeItem(PROGRESS_URL, 'PUT'), 'Send Test Delivery…');
    const modal = wb.modal();
    await modal.waitFor({ state: 'visible' });
    assert.equal(
      (await modal.locator('.dialog-message-text').innerText()).trim(),
      `Send a test message progress delivery to ${PROGRESS_URL}?`,
    );
    await wb.modalButton('Send').waitFor({ state: 'visible' });
    await wb.screenshot('loop-7-remote-asks');
    await wb.modalButton('Cancel').click();
    await modal.waitFor({ state: 'hidden' });
    await waitForReceiverCount(3);
    assert.equal((await wb.treeRows('Deliveries')).length, 3);
    assert.equal(await tabs.count(), tabsBefore, 'a result document opened after Cancel');
    assert.doesNotMatch(wb.extensionLog(LOG), /Test delivery PUT example\.com/);
  });

  it('8. right-click the pointed hook → Restore Original URL: the row and the sandbox show the original URL', async function () {
    const wb = workbench();
    await workbench().contextMenu(wb.treeItem(pointedUrl()), 'Restore Original URL');
    await wb.treeItem(RECEIVE_URL, 'POST').waitFor({ state: 'visible' });
    await wb.treeItem(pointedUrl()).waitFor({ state: 'hidden' });
    assert.equal(await receiveHookUrl(), RECEIVE_URL);
    // Still nothing went to example.com (7's Cancel), and the receiver still holds 3.
    assert.doesNotMatch(wb.extensionLog(LOG), /Test delivery PUT example\.com/);
    await waitForReceiverCount(3);
    await wb.screenshot('loop-8-restored');
  });
});
