// The UI scenarios 2–8, in one workbench, in order (each builds on the one before): start the built-in
// sandbox from the welcome content, add / edit / delete a webhook, sign in to a second line served by a stand-alone
// sandbox (dist/sandbox-cli.js), the URL checks of the add form, then reload the window and sign out of one line.
// What the tree shows is checked against what the servers hold: the extension's sandbox through the Zipwhip
// API (the demo account), the stand-alone one through its control route and token.
import * as assert from 'node:assert/strict';
import { chainScenarios } from './scenarioChain';
import { SandboxProcess, sandboxHooks, type SandboxHook } from './sandboxProcess';
import { eventually, exactText, Workbench, type Locator, type TreeRowInfo } from './workbench';

const SANDBOX_LINE = '4257772300';
const CLI_LINE = { username: '2065550123', password: 'secret-pass' };
const LOG = 'Zipwhip';

/** The six events, in tree order, with their type. */
const EVENTS = [
  ['receive', 'message'],
  ['send', 'message'],
  ['progress', 'message'],
  ['read', 'message'],
  ['delete', 'message'],
  ['change', 'optout'],
] as const;

/** The hooks every sandbox line is seeded with. */
const SEEDED = [
  { type: 'message', event: 'receive', url: 'https://example.com/zipwhip/message/receive', method: 'POST' },
  { type: 'message', event: 'progress', url: 'https://example.com/zipwhip/message/progress', method: 'PUT' },
  { type: 'optout', event: 'change', url: 'http://localhost:3000/optout', method: 'POST' },
] as const;

type HookLike = Pick<SandboxHook, 'type' | 'event' | 'url' | 'method'>;

const ADDED_URL = 'https://example.com/e2e/message/send';
const EDITED_URL = 'https://hooks.example.org/e2e/send-v2';
const READ_URL = 'https://example.com/e2e/message/read';
const ADDED = { type: 'message', event: 'send', url: ADDED_URL, method: 'PUT' } as const;
const READ_HOOK = { type: 'message', event: 'read', url: READ_URL, method: 'GET' } as const;

/** The rows a line should show under it for these hooks: each event, then its hooks (label + description). */
function expectedRows(hooks: readonly HookLike[]): { level: number; label: string; description: string }[] {
  const rows: { level: number; label: string; description: string }[] = [];
  for (const [event, type] of EVENTS) {
    const mine = hooks.filter((h) => h.type === type && h.event === event);
    const count = mine.length === 0 ? 'no hooks' : `${mine.length} hook${mine.length === 1 ? '' : 's'}`;
    rows.push({ level: 2, label: event, description: `${type} · ${count}` });
    for (const hook of mine) rows.push({ level: 3, label: hook.url, description: hook.method });
  }
  return rows;
}

function shape(rows: readonly TreeRowInfo[]): { level: number; label: string; description: string }[] {
  return rows.map(({ level, label, description }) => ({ level, label, description }));
}

function hookKeys(hooks: readonly HookLike[]): string[] {
  return hooks.map((h) => `${h.type} ${h.event} ${h.method} ${h.url}`).sort();
}

describe('Zipwhip webhooks in a real VS Code: sandbox lines', function () {
  let wb: Workbench | undefined;
  let cli: SandboxProcess | undefined;
  const chain = chainScenarios(() => wb?.markFailed());
  /** The extension's sandbox before the reload of 7a. */
  let sandboxUrlBeforeReload: string | undefined;

  before(async function () {
    cli = await SandboxProcess.start(CLI_LINE);
    wb = await Workbench.start({ name: 'webhooks', settings: { 'zipwhip.apiBaseUrl': cli.url } });
    try {
      await wb.openView('Zipwhip');
      await wb.collapseOtherViews('Webhooks'); // the tree is virtualised: two lines need the whole height
      await wb.resizeSideBar(520); // room for the URLs in the screenshots
    } catch (error) {
      wb.markFailed();
      throw error;
    }
  });

  after(async function () {
    await wb?.dispose();
    await cli?.dispose();
  });

  function workbench(): Workbench {
    assert.ok(wb, 'the workbench did not start');
    return wb;
  }

  function cliSandbox(): SandboxProcess {
    assert.ok(cli, 'the stand-alone sandbox did not start');
    return cli;
  }

  /** host:port of the stand-alone sandbox, as the tree describes its line. */
  function cliHost(): string {
    return new URL(cliSandbox().url).host;
  }

  /** Waits until no toast is shown (progress toasts of the previous step stay a moment), for clean screenshots. */
  async function noToasts(): Promise<void> {
    const toasts = workbench().page.locator('.notifications-toasts .notification-list-item');
    await eventually(
      'the toasts to close',
      () => toasts.count(),
      (n) => n === 0,
    );
  }

  /** The quick pick row that is active (focused), i.e. what Enter accepts. */
  function activePickRow(): Locator {
    return workbench().page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
  }

  /**
   * Expands a tree row if it is collapsed, as a user would. Needed after an event row gets its first hook: VS Code
   * keeps such a row collapsed (see "3b"), so the hook row is not rendered until the row is expanded.
   */
  async function expand(row: Locator): Promise<void> {
    await row.waitFor({ state: 'visible' });
    const seen: (string | null)[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const state = await row.getAttribute('aria-expanded');
      seen.push(state);
      if (state === 'true') return;
      await row.locator('.monaco-tl-twistie').click();
      try {
        await row.and(workbench().page.locator('[aria-expanded="true"]')).waitFor({ state: 'visible', timeout: 2_000 });
        return;
      } catch {
        // the click can land while the tree re-renders the row; try again
      }
    }
    throw new Error(`the row did not expand (aria-expanded was ${JSON.stringify(seen)})`);
  }

  /** Waits until the rows under a line are exactly these (level, label, description), in this order. */
  async function expectLineRows(line: string, hooks: readonly HookLike[]): Promise<void> {
    const want = expectedRows(hooks);
    await eventually(
      `the rows under ${line} to be ${JSON.stringify(want)}`,
      async () => shape(await workbench().treeRowsUnder(line)),
      (rows) => {
        try {
          assert.deepEqual(rows, want);
          return true;
        } catch {
          return false;
        }
      },
    );
  }

  it('2. starts the sandbox from the welcome content: the line with its six events and the seeded hooks', async function () {
    const wb = workbench();
    await wb.welcomeButton('Start Sandbox').click();
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible', timeout: 30_000 });
    // Every event row and every seeded hook row, each with its description, in tree order.
    await expectLineRows(SANDBOX_LINE, SEEDED);
    for (const [event, type] of EVENTS) {
      const seeded = SEEDED.filter((h) => h.event === event && h.type === type).length;
      await wb.treeItem(event, `${type} · ${seeded === 0 ? 'no hooks' : '1 hook'}`).waitFor({ state: 'visible' });
    }
    for (const hook of SEEDED) await wb.treeItem(hook.url, hook.method).waitFor({ state: 'visible' });
    assert.equal(await wb.welcomeButton('Start Sandbox').count(), 0, 'the welcome content is still shown');
    // The tree shows what the extension's sandbox holds.
    assert.deepEqual(hookKeys(await sandboxHooks(await workbench().inExtensionSandboxUrl())), hookKeys(SEEDED));
    // README picture: the line expanded, a hook hovered so its inline Edit / Delete actions show.
    await noToasts();
    await wb.inlineAction(wb.treeItem(SEEDED[0].url), 'Edit Webhook');
    await wb.screenshot('2-sandbox-tree');
  });

  it('3. adds a webhook through the palette: event, URL, method; it shows under its event with the count updated', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    await wb.treeItem('send', 'message · no hooks').waitFor({ state: 'visible' });
    await wb.runCommand('Zipwhip: Add Webhook…');
    // One line signed in: no line step; event, URL, method.
    await workbench().waitForQuickInputTitle('Add Webhook (1/3)');
    assert.deepEqual(
      (await qi.rows.locator('.label-name').allInnerTexts()).map((t) => t.trim()),
      EVENTS.map(([event]) => event),
    );
    await workbench().pickRow('send').click();
    await workbench().waitForQuickInputTitle('Add Webhook (2/3)');
    await qi.input.fill(ADDED_URL);
    await qi.message.filter({ hasText: 'The URL Zipwhip calls on message send' }).waitFor({ state: 'visible' });
    await wb.screenshot('3-add-url');
    await qi.input.press('Enter');
    await workbench().waitForQuickInputTitle('Add Webhook (3/3)');
    await activePickRow().filter({ hasText: 'POST' }).waitFor({ state: 'visible' }); // POST is preselected
    await workbench().pickRow('PUT').click();
    await qi.widget.waitFor({ state: 'hidden' });

    await wb.treeItem('send', 'message · 1 hook').waitFor({ state: 'visible' });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 4 hooks').waitFor({ state: 'visible' });
    assert.deepEqual(hookKeys(await sandboxHooks(await workbench().inExtensionSandboxUrl())), hookKeys([...SEEDED, ADDED]));
    await wb.screenshot('3-added');
  });

  const SHOWN_UNEXPANDED = '3b. the new hook shows under its event without the user expanding the event row';
  chain.nonBlocking(SHOWN_UNEXPANDED);
  it(SHOWN_UNEXPANDED, async function () {
    const wb = workbench();
    // The event row got its first hook; the extension gives such a row TreeItemCollapsibleState.Expanded.
    const eventRow = wb.treeItem('send', 'message · 1 hook');
    try {
      await wb.treeItem(ADDED_URL, 'PUT').waitFor({ state: 'visible', timeout: 5_000 });
    } catch {
      assert.fail(
        `the new hook row ${ADDED_URL} is not shown: its event row "send" (now "message · 1 hook") has ` +
          `aria-expanded=${String(await eventRow.getAttribute('aria-expanded'))}, i.e. it stayed collapsed when it got its first hook`,
      );
    } finally {
      await wb.screenshot('3b-added-hook-row');
    }
    assert.equal(await eventRow.getAttribute('aria-expanded'), 'true');
    await expectLineRows(SANDBOX_LINE, [...SEEDED, ADDED]);
  });

  it('4. edits it with the inline action: both prompts prefilled; the new URL shows in the tree', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    const sandboxUrl = await workbench().inExtensionSandboxUrl();
    const before = (await sandboxHooks(sandboxUrl)).find((h) => h.url === ADDED_URL);
    assert.ok(before, `${ADDED_URL} is not on the sandbox`);
    await expand(wb.treeItem('send', 'message · 1 hook'));
    await expectLineRows(SANDBOX_LINE, [...SEEDED, ADDED]);

    await (await wb.inlineAction(wb.treeItem(ADDED_URL, 'PUT'), 'Edit Webhook')).click();
    await workbench().waitForQuickInputTitle('Edit Webhook (message send) (1/2)');
    await eventually(
      'the URL box to hold the current URL',
      () => qi.input.inputValue(),
      (v) => v === ADDED_URL,
    );
    await wb.screenshot('4-edit-url-prefilled');
    await qi.input.fill(EDITED_URL);
    await qi.input.press('Enter');
    await workbench().waitForQuickInputTitle('Edit Webhook (message send) (2/2)');
    // The method pick starts on the hook's method (PUT, not the default POST).
    await activePickRow()
      .filter({ has: wb.page.locator('.label-name', { hasText: exactText('PUT') }) })
      .waitFor({ state: 'visible' });
    assert.equal((await activePickRow().locator('.label-name').innerText()).trim(), 'PUT');
    await wb.screenshot('4-edit-method-prefilled');
    await qi.input.press('Enter'); // keep PUT
    await qi.widget.waitFor({ state: 'hidden' });

    await wb.treeItem(EDITED_URL, 'PUT').waitFor({ state: 'visible' });
    await wb.treeItem(ADDED_URL).waitFor({ state: 'hidden' });
    await wb.treeItem('send', 'message · 1 hook').waitFor({ state: 'visible' });
    const after = (await sandboxHooks(sandboxUrl)).filter((h) => h.event === 'send');
    assert.deepEqual(after, [{ ...before, url: EDITED_URL }], 'the sandbox holds the same hook (same id) with the new URL');
    await wb.screenshot('4-edited');
  });

  it('5. deletes it with the inline action: the modal names the URL; gone from the tree and from the sandbox', async function () {
    const wb = workbench();
    const sandboxUrl = await workbench().inExtensionSandboxUrl();
    await noToasts();
    await (await wb.inlineAction(wb.treeItem(EDITED_URL, 'PUT'), 'Delete Webhook')).click();
    const modal = wb.modal();
    await modal.waitFor({ state: 'visible' });
    const message = (await modal.locator('.dialog-message-text').innerText()).trim();
    assert.equal(message, `Delete the message send webhook ${EDITED_URL}?`);
    assert.equal(
      (await modal.locator('.dialog-message-detail').innerText()).trim(),
      `Line ${SANDBOX_LINE}. Zipwhip will stop calling this URL (PUT) when this event happens.`,
    );
    await wb.screenshot('5-delete-modal');
    await wb.modalButton('Delete').click();
    await modal.waitFor({ state: 'hidden' });

    await wb.treeItem(EDITED_URL).waitFor({ state: 'hidden' });
    await wb.treeItem('send', 'message · no hooks').waitFor({ state: 'visible' });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible' });

    // Refresh re-reads the hooks from the server: the row must stay gone.
    const listCall = new RegExp(`\\[api\\] \\S+ ${new URL(sandboxUrl).host.replace(/\./g, '\\.')}/webhook/list 200`);
    const listsBefore = (await wb.waitForExtensionLog(LOG, listCall)).length;
    await wb.runCommand('Zipwhip: Refresh Webhooks');
    await wb.waitForExtensionLog(LOG, listCall, { count: listsBefore + 1 });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible' });
    await expectLineRows(SANDBOX_LINE, SEEDED);
    assert.equal(await wb.treeItem(EDITED_URL).count(), 0);
    // And the sandbox itself no longer has it.
    assert.deepEqual(hookKeys(await sandboxHooks(sandboxUrl)), hookKeys(SEEDED));
    await wb.screenshot('5-deleted');
  });

  it('6. signs in to a second line with username and password: two lines in the tree', async function () {
    const wb = workbench();
    const cli = cliSandbox();
    const qi = wb.quickInput();
    await wb.runCommand('Zipwhip: Sign In…');
    await workbench().waitForQuickInputTitle(`Sign In to ${cliHost()} (1/2)`);
    await qi.input.fill(CLI_LINE.username);
    await qi.input.press('Enter');
    await workbench().waitForQuickInputTitle(`Sign In to ${cliHost()} (2/2)`);
    assert.equal(await qi.input.getAttribute('type'), 'password', 'the password box is not masked');
    await qi.input.fill(CLI_LINE.password);
    await qi.input.press('Enter');
    await qi.widget.waitFor({ state: 'hidden' });

    await wb.treeItem(CLI_LINE.username, `${cliHost()} · 3 hooks`).waitFor({ state: 'visible', timeout: 20_000 });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible' });
    const roots = (await wb.treeRows()).filter((r) => r.level === 1).map((r) => r.label);
    assert.deepEqual([...roots].sort(), [CLI_LINE.username, SANDBOX_LINE].sort());
    const served = await cli.state();
    assert.deepEqual(hookKeys(served), hookKeys(SEEDED));
    await expectLineRows(CLI_LINE.username, served);
    await expectLineRows(SANDBOX_LINE, SEEDED);
    await wb.screenshot('6-two-lines');
  });

  it('8. the add form warns about http:// while typing, refuses an invalid URL, and Esc closes it', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    await noToasts();
    await wb.runCommand('Zipwhip: Add Webhook…');
    // Two lines now: line, event, URL, method.
    await workbench().waitForQuickInputTitle('Add Webhook (1/4)');
    await workbench().pickRow(CLI_LINE.username).filter({ hasText: cliSandbox().url }).waitFor({ state: 'visible' });
    await workbench().pickRow(SANDBOX_LINE).filter({ hasText: 'Sandbox' }).click();
    await workbench().waitForQuickInputTitle('Add Webhook (2/4)');
    await workbench().pickRow('receive').click();
    await workbench().waitForQuickInputTitle('Add Webhook (3/4)');

    await qi.input.pressSequentially('https://example.com/zipwhip/message/receive-v2');
    await qi.message.filter({ hasText: 'The URL Zipwhip calls on message receive' }).waitFor({ state: 'visible' });
    await wb.screenshot('8-add-url-step');

    await qi.input.fill('');
    await qi.input.pressSequentially('http://example.com/x');
    await qi.message.filter({ hasText: 'HTTPS is recommended' }).waitFor({ state: 'visible' });
    await wb.screenshot('8-add-http-warning');

    await qi.input.fill('not a url');
    await qi.message.filter({ hasText: 'Not a valid URL' }).waitFor({ state: 'visible' });
    await wb.screenshot('8-add-invalid-url');
    await qi.input.press('Enter');
    // The extension host handles the Enter before this later change of value; once the new message shows, the
    // Enter has been handled, and the URL step must still be open with its value.
    await qi.input.fill('ftp://example.com/x');
    await qi.message.filter({ hasText: 'Only http:// and https:// URLs' }).waitFor({ state: 'visible' });
    await workbench().waitForQuickInputTitle('Add Webhook (3/4)');
    assert.equal(await qi.input.inputValue(), 'ftp://example.com/x');

    await qi.input.press('Escape');
    await qi.widget.waitFor({ state: 'hidden' });
    // Nothing was added.
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 3 hooks').waitFor({ state: 'visible' });
    assert.deepEqual(hookKeys(await sandboxHooks(await workbench().inExtensionSandboxUrl())), hookKeys(SEEDED));
  });

  it('7. adds a hook with the inline Add action of an event row (one that is not seeded, for the reload)', async function () {
    const wb = workbench();
    const qi = wb.quickInput();
    const read = (await wb.treeRowsUnder(SANDBOX_LINE)).find((r) => r.label === 'read');
    assert.ok(read, 'no "read" row under the sandbox line');
    assert.equal(read.description, 'message · no hooks');
    await (await wb.inlineAction(wb.treeRowAt(read.index), 'Add Webhook')).click();
    // Line and event come from the row: only URL and method are asked.
    await workbench().waitForQuickInputTitle('Add Webhook (1/2)');
    await qi.input.fill(READ_URL);
    await qi.message.filter({ hasText: 'The URL Zipwhip calls on message read' }).waitFor({ state: 'visible' });
    await qi.input.press('Enter');
    await workbench().waitForQuickInputTitle('Add Webhook (2/2)');
    await workbench().pickRow('GET').click();
    await qi.widget.waitFor({ state: 'hidden' });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 4 hooks').waitFor({ state: 'visible' });
    const readRow = (await wb.treeRowsUnder(SANDBOX_LINE)).find((r) => r.label === 'read');
    assert.ok(readRow, 'no "read" row under the sandbox line');
    assert.equal(readRow.description, 'message · 1 hook');
    await expand(wb.treeRowAt(readRow.index));
    await expectLineRows(SANDBOX_LINE, [...SEEDED, READ_HOOK]);
    await expectLineRows(CLI_LINE.username, SEEDED);
    sandboxUrlBeforeReload = await workbench().inExtensionSandboxUrl();
    assert.deepEqual(hookKeys(await sandboxHooks(sandboxUrlBeforeReload)), hookKeys([...SEEDED, READ_HOOK]));
  });

  const AFTER_RELOAD = '7a. after a window reload both lines are still signed in, the sandbox line with its saved hooks';
  chain.nonBlocking(AFTER_RELOAD);
  it(AFTER_RELOAD, async function () {
    const wb = workbench();
    await wb.reload();
    try {
      await wb.openView('Zipwhip');
      // The extension restarted its sandbox (a new server) with the saved hooks, the one added in 7 included.
      const resumed = await wb.waitForExtensionLog(LOG, /Sandbox resumed at (http:\/\/127\.0\.0\.1:\d+\/)/, { timeout: 30_000 });
      const urlAfter = resumed[resumed.length - 1]?.[1];
      assert.ok(urlAfter);
      assert.notEqual(urlAfter, sandboxUrlBeforeReload, 'the sandbox was not restarted by the reload');
      assert.deepEqual(hookKeys(await sandboxHooks(urlAfter)), hookKeys([...SEEDED, READ_HOOK]));
      // The stand-alone sandbox's line: its key survived in the secret storage.
      await wb.treeItem(CLI_LINE.username, `${cliHost()} · 3 hooks`).waitFor({ state: 'visible', timeout: 30_000 });
      await expectLineRows(CLI_LINE.username, SEEDED);
      // The sandbox line: signed in again by the extension, showing the saved hooks.
      try {
        await wb.treeItem(SANDBOX_LINE, 'Sandbox · 4 hooks').waitFor({ state: 'visible' });
      } catch {
        const line = (await wb.treeRows()).find((r) => r.level === 1 && r.label === SANDBOX_LINE);
        const under = (await wb.treeRowsUnder(SANDBOX_LINE)).map((r) => r.label);
        assert.fail(
          `after the reload the sandbox line is ${JSON.stringify(line?.description ?? 'not shown')} with ${JSON.stringify(under)} under it, ` +
            `not its 4 saved hooks (the resumed sandbox holds them: checked above)`,
        );
      }
      await expectLineRows(SANDBOX_LINE, [...SEEDED, READ_HOOK]);
    } finally {
      await wb.screenshot('7a-after-reload');
    }
  });

  it('7b. signing out of one line (inline Sign Out on its row) removes its root; the other stays', async function () {
    const wb = workbench();
    await wb.treeItem(SANDBOX_LINE).waitFor({ state: 'visible' });
    await wb.treeItem(CLI_LINE.username).waitFor({ state: 'visible' });
    // When 7a failed because the sandbox line came back as "Could not load: …", do what the user would: click that
    // row (its command is Retry). Otherwise the sign-out below would leave only a failed line, and the view would
    // show its "Could not load the webhooks" welcome content instead of the remaining line.
    const failed = (await wb.treeRowsUnder(SANDBOX_LINE)).find((r) => r.label.startsWith('Could not load:'));
    if (failed) {
      console.log(`      (the sandbox line shows "${failed.label}" (see 7a): clicking it to retry first)`);
      await wb.treeRowAt(failed.index).click();
    }
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 4 hooks').waitFor({ state: 'visible' });

    await (await wb.inlineAction(wb.treeItem(CLI_LINE.username), 'Sign Out')).click();
    await wb.treeItem(CLI_LINE.username).waitFor({ state: 'hidden' });
    await wb.treeItem(SANDBOX_LINE, 'Sandbox · 4 hooks').waitFor({ state: 'visible' });
    await expectLineRows(SANDBOX_LINE, [...SEEDED, READ_HOOK]);
    const roots = (await wb.treeRows()).filter((r) => r.level === 1).map((r) => r.label);
    assert.deepEqual(roots, [SANDBOX_LINE]);
    // The key was revoked on its server (user/logout), not only forgotten.
    const host = cliHost().replace(/\./g, '\\.');
    await wb.waitForExtensionLog(LOG, new RegExp(`\\[api\\] POST ${host}/user/logout 200`));
    const signedOut = await wb.waitForExtensionLog(LOG, new RegExp(`\\[auth\\] Signed out: ${CLI_LINE.username}.*$`, 'm'));
    assert.equal(signedOut[signedOut.length - 1]?.[0], `[auth] Signed out: ${CLI_LINE.username}`);
    await wb.screenshot('7b-signed-out');
  });
});
