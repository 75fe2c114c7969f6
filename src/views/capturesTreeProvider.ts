import * as vscode from 'vscode';
import { CAPTURES_VIEW_ID, COMMANDS, COMMAND_TITLES } from '../constants';
import { maskPersonalData } from '../config';
import { plural } from '../format';
import { maskCapture } from '../privacy/mask';
import type { Capture } from '../receiver/captureStore';
import type { ReceiverHost } from '../receiver/receiverHost';
import { captureOutcome, describeFilter, isFilterActive, matchesFilter, type CaptureFilter } from './captureFilter';
import { captureRow } from './captureRows';

/** The Deliveries view: what the local receiver captured, newest first, through the current filter. */
export class CapturesTreeProvider implements vscode.TreeDataProvider<Capture>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly filterChanged = new vscode.EventEmitter<CaptureFilter>();
  /** The filter changed (context keys follow it). */
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly subscription: { dispose(): void };
  private readonly view: vscode.TreeView<Capture>;
  private current: CaptureFilter = {};

  constructor(private readonly receiver: ReceiverHost) {
    this.view = vscode.window.createTreeView(CAPTURES_VIEW_ID, { treeDataProvider: this, canSelectMany: true });
    this.subscription = receiver.onDidChange(() => {
      this.refresh();
    });
    this.refresh();
  }

  get filter(): CaptureFilter {
    return this.current;
  }

  setFilter(filter: CaptureFilter): void {
    this.current = filter;
    this.filterChanged.fire(filter);
    this.refresh();
  }

  /** The captures the view shows, newest first. */
  shown(): Capture[] {
    const all = this.receiver.list();
    return isFilterActive(this.current) ? all.filter((c) => matchesFilter(c, this.current)) : all;
  }

  getChildren(element?: Capture): Capture[] {
    return element ? [] : this.shown();
  }

  getTreeItem(capture: Capture): vscode.TreeItem {
    const row = captureRow(maskPersonalData() ? maskCapture(capture) : capture);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor === undefined ? undefined : new vscode.ThemeColor(row.iconColor));
    item.command = { command: COMMANDS.openCapture, title: COMMAND_TITLES[COMMANDS.openCapture], arguments: [capture] };
    return item;
  }

  /** The rows, and the count in the view's title (and badge, with the failures). */
  refresh(): void {
    this.changed.fire(undefined);
    const total = this.receiver.size;
    const shown = isFilterActive(this.current) ? this.shown() : undefined;
    const failed = (shown ?? this.receiver.list()).filter((c) => captureOutcome(c) === 'failed').length;
    this.view.description =
      shown === undefined ? (total === 0 ? '' : String(total)) : `${shown.length} of ${total} · ${describeFilter(this.current)}`;
    this.view.badge = failed > 0 ? { value: failed, tooltip: `${plural(failed, 'delivery', 'deliveries')} the handler failed` } : undefined;
    this.view.message =
      shown !== undefined && shown.length === 0 && total > 0
        ? `No delivery matches the filter (${describeFilter(this.current)}).`
        : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changed.dispose();
    this.filterChanged.dispose();
  }
}
