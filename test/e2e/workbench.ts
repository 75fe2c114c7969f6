// A real VS Code workbench for UI scenarios: a fresh code-server (VS Code 1.139 server + web workbench) with the
// extension installed from a .vsix exactly as a user installs it, shown in headless Chromium and driven through
// Playwright. One browser context per workbench, so secrets (kept in the browser's storage) survive reload().
//
//   const wb = await Workbench.start({ vsix, settings: { 'zipwhip.apiBaseUrl': url } });
//   await wb.openView('Zipwhip');
//   await wb.welcomeButton('Sign In').click();
//   ...
//   await wb.dispose();   // in after(); keeps screenshots + logs in test-results/ when markFailed() was called
//
// Needs `bash test/scripts/setup-harness.sh` (code-server, Node 24, playwright-core and Chromium in the cache).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Locator, Page } from './playwright';

export type { Browser, BrowserContext, Locator, Page } from './playwright';

/** The repository root, also when this file runs bundled from out/e2e/. */
export const repoRoot = process.env.ZIPWHIP_REPO_ROOT ?? path.resolve(__dirname, '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const screenshotsDir = path.join(resultsDir, 'screenshots');
export const defaultVsix = process.env.ZIPWHIP_VSIX ?? path.join(repoRoot, 'dist', 'zipwhip-webhooks.vsix');

interface Layout {
  dir: string;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logs: string;
  xdg: Record<string, string>;
}

interface Server {
  child: ChildProcess;
  pgid: number;
  logFile: string;
}

/** test/harness/code-server-launcher.js, shared with the integration launcher and the demo. */
interface HarnessModule {
  createLayout(prefix: string, settings: Record<string, unknown>): Layout;
  freePort(): Promise<number>;
  serverEnv(layout: Layout, extra?: Record<string, string>): NodeJS.ProcessEnv;
  serverArgs(layout: Layout, port: number, options?: { smokeTestDriver?: boolean }): string[];
  startServer(
    layout: Layout,
    port: number,
    options?: { smokeTestDriver?: boolean; folder?: string; env?: NodeJS.ProcessEnv; echo?: boolean },
  ): Server;
  killGroup(pgid: number, graceMs?: number): Promise<void>;
  killGroupSync(pgid: number): void;
  waitForHealthz(port: number, child: ChildProcess, timeoutMs?: number): Promise<void>;
  launchChromium(layout: Layout): Promise<Browser>;
  harness: { node24: string; codeServerEntry: string; codeServerVersion: string; isInstalled(): boolean; harnessDir: string };
}

const loadJs = createRequire(__filename);
const harnessModule = loadJs(path.join(repoRoot, 'test', 'harness', 'code-server-launcher.js')) as HarnessModule;

export interface WorkbenchOptions {
  /** The extension package to install (default: $ZIPWHIP_VSIX or dist/zipwhip-webhooks.vsix). */
  vsix?: string;
  /** Settings written to both User/ and Machine/settings.json before the server starts. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so the extension host. */
  env?: Record<string, string>;
  /** Name used for artefacts (logs, failure screenshots). */
  name?: string;
  viewport?: { width: number; height: number };
  /** Default time-out of Playwright actions and waits (ms). */
  timeout?: number;
}

interface LiveRegistry {
  live: Set<Workbench>;
  hooked: boolean;
}

/** Shared by every bundle that includes this module (index.js and each *.test.js are bundled separately). */
function registry(): LiveRegistry {
  const key = Symbol.for('zipwhip.e2e.workbenches');
  const g = globalThis as unknown as Record<symbol, LiveRegistry | undefined>;
  let reg = g[key];
  if (!reg) {
    reg = { live: new Set<Workbench>(), hooked: false };
    g[key] = reg;
  }
  if (!reg.hooked) {
    reg.hooked = true;
    const live = reg.live;
    // Never leave a code-server behind: it runs in its own session, so killing our process group misses it.
    process.on('exit', () => {
      for (const wb of live) wb.killSync();
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        void Promise.allSettled([...live].map((wb) => wb.dispose())).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
      });
    }
  }
  return reg;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches an element whose whole text is `text` (ignoring surrounding white space). */
export function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** Polls `probe` until `ok` holds (Playwright-style wait for things a locator cannot express). */
export async function eventually<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const until = Date.now() + timeout;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) {
      const seen = lastError instanceof Error ? `error: ${lastError.message}` : JSON.stringify(last, null, 1);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One row of the side bar's tree, as treeRows() reads it. */
export interface TreeRowInfo {
  /** The row's position in the tree (data-index); treeRowAt(index) finds it again while the tree is unchanged. */
  readonly index: number;
  /** 1 for roots. */
  readonly level: number;
  readonly label: string;
  readonly description: string;
}

/** The little of the DOM that treeRows() reads inside the page (the e2e code is compiled without the DOM lib). */
interface DomElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  closest(selector: string): DomElement | null;
  readonly textContent: string | null;
}

/** The little of the DOM that editorLines() reads inside the page. */
interface DomLine {
  readonly textContent: string | null;
  readonly style: { readonly top: string };
}

/** playwright-core's page.mouse and locator.boundingBox() (not part of ./playwright's subset). */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
type Measurable = Locator & { boundingBox(): Promise<Box | null> };

interface Mouse {
  move(x: number, y: number, options?: { steps?: number }): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

function safeName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'workbench'
  );
}

export class Workbench {
  private failed = false;
  private disposed = false;

  private constructor(
    readonly name: string,
    readonly layout: Layout,
    readonly port: number,
    private readonly server: Server,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** The URL the workbench is served at (http://127.0.0.1:PORT/?folder=...). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/?folder=${encodeURIComponent(this.layout.workspace)}`;
  }

  /** Starts a fresh code-server with the .vsix installed and opens the workbench in headless Chromium. */
  static async start(options: WorkbenchOptions = {}): Promise<Workbench> {
    const vsix = path.resolve(options.vsix ?? defaultVsix);
    if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist; build it with: npm run package`);
    if (!harnessModule.harness.isInstalled()) {
      throw new Error(
        `the VS Code harness is not installed (${harnessModule.harness.harnessDir}); run: bash test/scripts/setup-harness.sh`,
      );
    }
    const name = safeName(options.name ?? 'workbench');
    const layout = harnessModule.createLayout(`zipwhip-e2e-${name}-`, options.settings ?? {});
    const env = harnessModule.serverEnv(layout, options.env);
    const t0 = Date.now();
    const since = (): string => ((Date.now() - t0) / 1000).toFixed(1);

    // Install the extension as a user would (code-server --install-extension our.vsix).
    const install = spawnSync(
      harnessModule.harness.node24,
      [
        harnessModule.harness.codeServerEntry,
        '--extensions-dir',
        layout.extensionsDir,
        '--user-data-dir',
        layout.userDataDir,
        '--install-extension',
        vsix,
      ],
      { env, cwd: layout.workspace, encoding: 'utf8', timeout: 120_000 },
    );
    fs.writeFileSync(path.join(layout.logs, 'install-extension.log'), `${install.stdout}\n${install.stderr}`);
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
      throw new Error(
        `installing ${vsix} failed (exit ${String(install.status)}); see ${path.join(layout.logs, 'install-extension.log')}\n${install.stdout}${install.stderr}`,
      );
    }

    const tInstalled = since();
    const port = await harnessModule.freePort();
    const server = harnessModule.startServer(layout, port, { smokeTestDriver: false, env });
    let browser: Browser | undefined;
    try {
      await harnessModule.waitForHealthz(port, server.child);
      browser = await harnessModule.launchChromium(layout);
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(options.timeout ?? 15_000);
      const consoleLog = path.join(layout.logs, 'workbench-console.log');
      page.on('console', (m) => {
        fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`);
      });
      page.on('pageerror', (e) => {
        fs.appendFileSync(consoleLog, `[pageerror] ${e.stack ?? e.message}\n`);
      });
      const wb = new Workbench(name, layout, port, server, browser, context, page);
      registry().live.add(wb);
      await page.goto(wb.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await wb.waitForWorkbench();
      console.log(`      [workbench] ${name}: ready in ${since()} s (extension installed after ${tInstalled} s) on ${wb.url}`);
      return wb;
    } catch (err) {
      if (browser) await browser.close().catch(() => undefined);
      await harnessModule.killGroup(server.pgid);
      throw err instanceof Error ? new Error(`${err.message}\n(workbench files kept in ${layout.dir})`) : err;
    }
  }

  /** Waits until the workbench has rendered (activity bar visible). */
  async waitForWorkbench(timeout = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout });
  }

  /** Reloads the window in the same browser context (secret storage and settings survive). */
  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.waitForWorkbench();
  }

  /** The activity bar entry of a view container, by its title. */
  activityBarItem(containerTitle: string): Locator {
    return this.page.locator(`.activitybar [aria-label^="${containerTitle}"]`).first();
  }

  /** Opens a view container from the activity bar (does nothing when it is already open). */
  async openView(containerTitle = 'Zipwhip'): Promise<void> {
    const title = this.page.locator('.part.sidebar .composite.title .title-label', {
      hasText: new RegExp(escapeRegExp(containerTitle), 'i'),
    });
    if (!(await title.isVisible())) {
      const item = this.activityBarItem(containerTitle);
      await item.waitFor({ state: 'visible', timeout: 30_000 });
      await item.click();
    }
    await title.waitFor({ state: 'visible' });
  }

  /** A view pane (header + body) in the side bar, by the view's name, e.g. "Webhooks". */
  viewPane(viewName = 'Webhooks'): Locator {
    return this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: viewName }) }).first();
  }

  /** A button of a view's welcome content, matched by its exact label ("Sign In" does not match "Sign In with Session Key"). */
  welcomeButton(label: string, viewName = 'Webhooks'): Locator {
    return this.viewPane(viewName)
      .locator('.welcome-view-content .monaco-button', { hasText: exactText(label) })
      .first();
  }

  /** A row of a tree or list in the side bar whose text contains `text`. */
  treeRow(text: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row', { hasText: text });
  }

  /**
   * Every rendered row of a side-bar view's tree (default "Webhooks"), in tree order, in one round trip. Trees are
   * virtualised: rows scrolled out of the view are not rendered (collapseOtherViews() gives the view the room).
   */
  async treeRows(viewName = 'Webhooks'): Promise<TreeRowInfo[]> {
    const rows = await this.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<DomElement> } }).document;
      return Array.from(doc.querySelectorAll('.part.sidebar .pane .monaco-list-row')).map((row) => ({
        view: (row.closest('.pane')?.querySelector('.pane-header .title')?.textContent ?? '').trim(),
        index: Number(row.getAttribute('data-index')),
        level: Number(row.getAttribute('aria-level')),
        label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
      }));
    });
    return rows
      .filter((r) => r.view.toLowerCase() === viewName.toLowerCase())
      .map(({ index, level, label, description }) => ({ index, level, label, description }))
      .sort((a, b) => a.index - b.index);
  }

  /** The rows under a root row (`label`), the root excluded; empty when there is no such root. */
  async treeRowsUnder(rootLabel: string, viewName = 'Webhooks'): Promise<TreeRowInfo[]> {
    const rows = await this.treeRows(viewName);
    const start = rows.findIndex((r) => r.level === 1 && r.label === rootLabel);
    if (start < 0) return [];
    const rest = rows.slice(start + 1);
    const end = rest.findIndex((r) => r.level === 1);
    return end < 0 ? rest : rest.slice(0, end);
  }

  /** A tree row of a side-bar view by its position (TreeRowInfo.index). */
  treeRowAt(index: number, viewName = 'Webhooks'): Locator {
    return this.viewPane(viewName).locator(`.monaco-list-row[data-index="${index}"]`).first();
  }

  /** A tree row of a side-bar view whose label is exactly `label` (and whose description is exactly `description`, if given). */
  treeItem(label: string, description?: string, viewName = 'Webhooks'): Locator {
    const row = this.viewPane(viewName).locator('.monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: exactText(label) }),
    });
    return description === undefined
      ? row
      : row.filter({ has: this.page.locator('.label-description', { hasText: exactText(description) }) });
  }

  /** Collapses every other view of the open side-bar container, so `viewName` gets the room (state kept across reloads). */
  async collapseOtherViews(viewName = 'Webhooks'): Promise<void> {
    const headers = this.page.locator('.part.sidebar .pane > .pane-header[aria-expanded="true"]');
    for (const header of await headers.all()) {
      const title = ((await header.locator('.title').first().textContent()) ?? '').trim();
      if (title.toLowerCase() === viewName.toLowerCase() || !(await header.isVisible())) continue;
      await header.click();
      await this.page
        .locator('.part.sidebar .pane > .pane-header[aria-expanded="false"]', {
          has: this.page.locator('.title', { hasText: exactText(title) }),
        })
        .waitFor({ state: 'visible' });
    }
  }

  /** Hovers a tree row and returns its inline action (the icon button shown on hover) whose label starts with `label`. */
  async inlineAction(row: Locator, label: string): Promise<Locator> {
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${label.replace(/["\\]/g, '\\$&')}"]`).first();
    await action.waitFor({ state: 'visible' });
    return action;
  }

  /** Drags the sash right of the side bar so the side bar is `width` pixels wide (for readable screenshots). */
  async resizeSideBar(width: number): Promise<void> {
    const sidebar = this.page.locator('.part.sidebar').first() as Measurable;
    const before = await sidebar.boundingBox();
    if (!before) throw new Error('the side bar is not visible');
    // The sash is the vertical splitter whose middle is nearest the side bar's right edge.
    const edge = before.x + before.width;
    let grip: { x: number; y: number } | undefined;
    let best = Infinity;
    for (const sash of await this.page.locator('.monaco-workbench .monaco-sash.vertical').all()) {
      const box = await (sash as Measurable).boundingBox();
      if (!box || box.height < before.height / 2) continue;
      const distance = Math.abs(box.x + box.width / 2 - edge);
      if (distance < best) {
        best = distance;
        grip = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
    }
    if (!grip || best > 16) throw new Error("found no sash at the side bar's right edge");
    const mouse = (this.page as Page & { mouse: Mouse }).mouse;
    await mouse.move(grip.x, grip.y);
    await mouse.down();
    await mouse.move(grip.x + (width - before.width), grip.y, { steps: 8 });
    await mouse.up();
    const after = await sidebar.boundingBox();
    if (!after || Math.abs(after.width - width) > 20) {
      throw new Error(`the side bar is ${String(after?.width)} px wide after the drag, not ${width}`);
    }
  }

  /**
   * The text of one of the extension's log output channels (e.g. "Zipwhip"): the files the extension hosts
   * write under the user data dir, every window so far (a reload starts a new extension host), oldest first.
   */
  extensionLog(channel: string): string {
    const root = path.join(this.layout.userDataDir, 'logs');
    if (!fs.existsSync(root)) return '';
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === `${channel}.log`) found.push(full);
      }
    };
    walk(root);
    found.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  /** Waits until the extension's log channel matches `pattern` at least `count` times; returns the matches. */
  async waitForExtensionLog(
    channel: string,
    pattern: RegExp,
    options: { count?: number; timeout?: number } = {},
  ): Promise<RegExpExecArray[]> {
    const count = options.count ?? 1;
    const timeout = options.timeout ?? 15_000;
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    const until = Date.now() + timeout;
    for (;;) {
      const matches = [...this.extensionLog(channel).matchAll(global)];
      if (matches.length >= count) return matches;
      if (Date.now() > until) {
        throw new Error(`the "${channel}" log matched ${pattern.source} ${matches.length} time(s) within ${timeout} ms, expected ${count}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Right-clicks a tree row and chooses `label` in its context menu. */
  async contextMenu(row: Locator, label: string): Promise<void> {
    await this.openContextMenu(row);
    await this.chooseMenuItem(label);
  }

  /**
   * Clicks `label` in the open menu (context menu or a view's "More Actions"). VS Code's menu items ignore mouse-up
   * for their first 100 ms (so the release of the right-click that opened the menu cannot choose an item): a click
   * that came that early leaves the menu open, and the user clicks again.
   */
  async chooseMenuItem(label: string): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item .action-label', { hasText: exactText(label) }).first();
    await item.waitFor({ state: 'visible' });
    // Past the menu's 100 ms guard, so the first click counts (the retry below stays as a fallback).
    await this.page.waitForTimeout(150);
    for (let attempt = 1; ; attempt++) {
      await item.click();
      try {
        await menu.waitFor({ state: 'hidden', timeout: attempt < 3 ? 1_000 : 5_000 });
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.log(`      (the menu stayed open after clicking "${label}": clicking it again)`);
      }
    }
  }

  /** Right-clicks a tree row; returns the items of its context menu (open until Escape or a click). */
  async openContextMenu(row: Locator): Promise<Locator> {
    await row.click({ button: 'right' });
    const items = this.page.locator('.context-view .monaco-menu .action-item .action-label');
    await items.first().waitFor({ state: 'visible' });
    return items;
  }

  /** The labels of a tree row's context menu (closed again). */
  async contextMenuLabels(row: Locator): Promise<string[]> {
    const items = await this.openContextMenu(row);
    const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
    await this.page.keyboard.press('Escape');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
    return labels;
  }

  /** The title of the active editor tab. */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.part.editor .editor-group-container.active .tabs-container .tab.active .label-name').first();
    return ((await tab.textContent()) ?? '').trim();
  }

  /** Waits until the active editor tab's title matches; returns it. */
  async waitForActiveTab(title: RegExp): Promise<string> {
    return eventually(
      `the active editor tab to match ${String(title)}`,
      () => this.activeTabTitle(),
      (t) => title.test(t),
    );
  }

  /** The rendered lines of the active editor, top to bottom (Monaco renders spaces as U+00A0). */
  async editorLines(): Promise<string[]> {
    const lines = await this.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(selector: string): ArrayLike<DomLine> } }).document;
      return Array.from(
        doc.querySelectorAll('.part.editor .editor-group-container.active .editor-instance .monaco-editor .view-lines .view-line'),
      ).map((line) => ({
        top: parseFloat(line.style.top),
        text: (line.textContent ?? '').replace(/\u00a0/g, ' '),
      }));
    });
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text);
  }

  /** Waits until the active editor shows a line for which `ok` holds; returns all its visible lines. */
  async waitForEditorLine(what: string, ok: (line: string) => boolean): Promise<string[]> {
    return eventually(
      `the editor to show ${what}`,
      () => this.editorLines(),
      (lines) => lines.some(ok),
    );
  }

  /** Closes the notification toasts as a user does (palette), for clean screenshots. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await eventually(
      'the toasts to close',
      () => this.page.locator('.notifications-toasts .notification-list-item').count(),
      (n) => n === 0,
    );
  }

  /** Runs a command from the command palette by its full label, e.g. "Zipwhip: Refresh Webhooks". */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const qi = this.quickInput();
    await qi.input.waitFor({ state: 'visible' });
    await qi.input.fill(`>${label}`);
    await qi.row(exactText(label)).or(qi.row(label)).first().waitFor({ state: 'visible' });
    await qi.input.press('Enter');
    // Wait until the palette has handed over: closed, or reused by the command's own quick pick / input box.
    // Otherwise quickInput() right after this could still see the palette's rows.
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (!(await qi.widget.isVisible())) return;
      const value = await qi.input.inputValue().catch(() => '');
      if (value !== `>${label}`) return;
      await this.page.waitForTimeout(50);
    }
    throw new Error(`the command palette did not run "${label}"`);
  }

  /** The quick input widget (command palette, quick picks, input boxes). */
  /** A quick pick row whose label is exactly `label`. */
  pickRow(label: string): Locator {
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', {
        has: this.page.locator('.label-name', { hasText: exactText(label) }),
      })
      .first();
  }

  /** Waits until the quick input's title is `title`, e.g. "Add Webhook (3/4)". */
  async waitForQuickInputTitle(title: string | RegExp): Promise<void> {
    await this.quickInput()
      .title.filter({ hasText: typeof title === 'string' ? exactText(title) : title })
      .waitFor({ state: 'visible' });
  }

  /** The base URL of the extension's own sandbox (a new one after each reload), from the "Zipwhip" log. */
  async inExtensionSandboxUrl(): Promise<string> {
    const matches = await this.waitForExtensionLog('Zipwhip', /Sandbox (?:running|resumed) at (http:\/\/127\.0\.0\.1:\d+\/)/);
    const url = matches[matches.length - 1]?.[1];
    if (!url) throw new Error('no sandbox URL in the Zipwhip log');
    return url;
  }

  quickInput(): { widget: Locator; input: Locator; rows: Locator; row(text: string | RegExp): Locator; message: Locator; title: Locator } {
    const widget = this.page.locator('.quick-input-widget');
    return {
      widget,
      input: widget.locator('.quick-input-box input').first(),
      rows: widget.locator('.quick-input-list .monaco-list-row'),
      row: (text) => widget.locator('.quick-input-list .monaco-list-row', { hasText: text }),
      message: widget.locator('.quick-input-message'),
      title: widget.locator('.quick-input-title'),
    };
  }

  /** A notification (toast or in the notification centre) whose text contains `text`. */
  notification(text: string | RegExp): Locator {
    return this.page
      .locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', { hasText: text })
      .first();
  }

  /** A button of a notification whose text contains `text`. */
  notificationButton(text: string | RegExp, label: string): Locator {
    return this.notification(text)
      .locator('.monaco-button', { hasText: exactText(label) })
      .first();
  }

  /** The modal dialog (e.g. showWarningMessage({ modal: true })). */
  modal(): Locator {
    return this.page.locator('.monaco-dialog-box').first();
  }

  /** A button of the modal dialog, by its exact label. */
  modalButton(label: string): Locator {
    return this.page.locator('.monaco-dialog-box .dialog-buttons .monaco-button', { hasText: exactText(label) }).first();
  }

  /** Saves a PNG of the whole window to test-results/screenshots/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${safeName(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Marks the scenario as failed: dispose() then keeps a screenshot and the logs in test-results/. */
  markFailed(): void {
    this.failed = true;
  }

  /** Stops the browser and the server; on failure keeps a screenshot and copies the logs to test-results/e2e-logs/. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.failed) {
      await this.screenshot(`FAILED-${this.name}`).catch(() => undefined);
    }
    await Promise.race([this.browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
    await harnessModule.killGroup(this.server.pgid);
    registry().live.delete(this);
    if (this.failed) {
      const target = path.join(resultsDir, 'e2e-logs', `${this.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      fs.mkdirSync(target, { recursive: true });
      fs.cpSync(this.layout.logs, path.join(target, 'harness'), { recursive: true });
      const vscodeLogs = path.join(this.layout.userDataDir, 'logs');
      if (fs.existsSync(vscodeLogs)) fs.cpSync(vscodeLogs, path.join(target, 'vscode'), { recursive: true });
      console.log(`[workbench] logs of the failed scenario: ${target}`);
    }
    if (process.env.ZIPWHIP_KEEP_TMP !== '1') fs.rmSync(this.layout.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Last resort on process exit. */
  killSync(): void {
    harnessModule.killGroupSync(this.server.pgid);
  }
}
