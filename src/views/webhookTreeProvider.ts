import * as vscode from 'vscode';
import type { LineRecord } from '../auth/lineRecord';
import type { LineSessions } from '../auth/lineSessions';
import { COMMANDS, VIEW_ID, type ViewState } from '../constants';
import { describeError } from '../errors/describeError';
import type { Log } from '../log';
import { eventKey, type Webhook } from '../model/webhook';
import type { HookRedirects } from '../receiver/hookRedirects';
import { eventNodes, eventRow, groupByEvent, hookRow, lineRow, messageRow, type RowSpec, type TreeNode } from './treeModel';

interface LineState {
  hooks?: Webhook[];
  /** The same hooks by event, made once per load. */
  byEvent?: ReadonlyMap<string, readonly Webhook[]>;
  loading?: AbortController;
  error?: { text: string; detail: string };
}

/**
 * The Webhooks view: line → the six events → the hooks, always showing what the server last said.
 * A failed load keeps what was shown before and reports the error.
 */
export class WebhookTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private lines: LineRecord[] = [];
  private readonly states = new Map<string, LineState>();
  private linesRead: Promise<void> | undefined;
  private state: ViewState = 'signedOut';
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();
  /** What the view's welcome content should say: signed out, loading, failed, or ready with rows. */
  readonly onDidChangeViewState = this.stateChanged.event;
  private readonly subscription: vscode.Disposable;
  private readonly redirectSubscription: { dispose(): void };

  constructor(
    private readonly sessions: LineSessions,
    private readonly log: Log,
    private readonly redirects: HookRedirects,
  ) {
    this.subscription = sessions.onDidChange(() => {
      void this.syncLines();
    });
    this.redirectSubscription = redirects.onDidChange(() => {
      this.changed.fire(undefined);
    });
  }

  get viewState(): ViewState {
    return this.state;
  }

  /** Reads which lines are signed in, then loads the hooks of lines not loaded yet. */
  syncLines(): Promise<void> {
    const run = (async () => {
      try {
        this.lines = await this.sessions.visibleLines();
      } catch (error) {
        this.log.error('tree', `Could not read the signed-in lines: ${describeError(error).text}`);
        this.lines = [];
      }
      const ids = new Set(this.lines.map((l) => l.id));
      for (const [id, state] of this.states) {
        if (!ids.has(id)) {
          state.loading?.abort();
          this.states.delete(id);
        }
      }
      // New lines load; so do lines that failed, since a sign-in may have just given them a new key.
      const due = this.lines.filter((line) => {
        const state = this.states.get(line.id);
        return !state || (state.error !== undefined && state.loading === undefined);
      });
      this.update();
      await Promise.all(due.map((line) => this.load(line).catch(() => undefined)));
    })();
    this.linesRead = run;
    return run;
  }

  /** Reloads one line, or every line; rejects with the first error so a command can report it. */
  async refresh(line?: LineRecord): Promise<void> {
    await this.settled();
    const targets = line ? this.lines.filter((l) => l.id === line.id) : this.lines;
    const results = await Promise.allSettled(targets.map((l) => this.load(l)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** The signed-in lines, once the current read of them has finished. */
  async linesWhenLoaded(): Promise<readonly LineRecord[]> {
    await this.settled();
    return this.lines;
  }

  private async settled(): Promise<void> {
    await (this.linesRead ?? this.syncLines());
  }

  /** The hooks the tree shows for a line (what the server last said), if loaded. */
  hooksOf(line: LineRecord): readonly Webhook[] | undefined {
    return this.states.get(line.id)?.hooks;
  }

  private async load(line: LineRecord): Promise<void> {
    const state = this.states.get(line.id) ?? {};
    this.states.set(line.id, state);
    state.loading?.abort();
    const controller = new AbortController();
    state.loading = controller;
    this.update();
    try {
      const hooks = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
        this.sessions.withCurrentKey(line, (client, key) => client.listWebhooks(key, controller.signal)),
      );
      if (state.loading !== controller) return;
      state.hooks = hooks;
      state.byEvent = groupByEvent(hooks);
      state.error = undefined;
    } catch (error) {
      if (state.loading !== controller) return;
      const described = describeError(error);
      state.error = { text: described.text, detail: described.detail };
      this.log.warn('tree', `Could not load the webhooks of ${line.label}: ${described.text}`);
      throw error;
    } finally {
      if (state.loading === controller) state.loading = undefined;
      this.update();
    }
  }

  private update(): void {
    const states = this.lines.map((l) => this.states.get(l.id));
    let next: ViewState;
    if (this.lines.length === 0) next = 'signedOut';
    else if (states.some((s) => s?.hooks !== undefined)) next = 'ready';
    else if (states.some((s) => s === undefined || s.loading !== undefined)) next = 'loading';
    else next = 'loadFailed';
    if (next !== this.state) {
      this.state = next;
      this.stateChanged.fire(next);
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (!this.linesRead) void this.syncLines();
      return this.state === 'ready' ? this.lines.map((line) => ({ kind: 'line', line })) : [];
    }
    const state = this.states.get(node.line.id);
    switch (node.kind) {
      case 'line': {
        const nodes: TreeNode[] = [];
        if (state?.error)
          nodes.push({
            kind: 'message',
            line: node.line,
            text: `Could not load: ${state.error.text}`,
            detail: state.error.detail,
            isError: true,
          });
        else if (!state?.hooks) nodes.push({ kind: 'message', line: node.line, text: 'Loading webhooks…', detail: '', isError: false });
        return state?.hooks ? [...nodes, ...eventNodes(node.line)] : nodes;
      }
      case 'event':
        return (state?.byEvent?.get(eventKey(node.spec)) ?? []).map((hook) => ({ kind: 'hook', line: node.line, hook }));
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'line':
        return undefined;
      case 'hook':
        return (
          eventNodes(node.line).find((e) => e.spec.type === node.hook.type && e.spec.event === node.hook.event) ?? {
            kind: 'line',
            line: node.line,
          }
        );
      default:
        return { kind: 'line', line: node.line };
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(this.rowFor(node), node);
  }

  private rowFor(node: TreeNode): RowSpec {
    const hooks = this.states.get(node.line.id)?.hooks;
    switch (node.kind) {
      case 'line':
        return lineRow(node.line, {
          sandbox: this.sessions.isSandbox(node.line),
          server: this.sessions.baseUrlOf(node.line) ?? node.line.server,
          hookCount: hooks?.length,
        });
      case 'event':
        return eventRow(node.line, node.spec, this.states.get(node.line.id)?.byEvent?.get(eventKey(node.spec)) ?? []);
      case 'hook':
        return hookRow(node.line, node.hook, this.redirects.get(node.line.id, node.hook.webhookId));
      case 'message':
        return messageRow(node.line, node.text, node.detail, node.isError);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.redirectSubscription.dispose();
    this.changed.dispose();
    this.stateChanged.dispose();
    for (const state of this.states.values()) state.loading?.abort();
  }
}

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

function toTreeItem(row: RowSpec, node: TreeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = row.id;
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.contextValue = row.contextValue;
  item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
  if (node.kind === 'message' && node.isError) {
    item.command = { command: COMMANDS.refresh, title: 'Retry', arguments: [{ kind: 'line', line: node.line }] };
  }
  return item;
}
