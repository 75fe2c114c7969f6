import * as vscode from 'vscode';
import { COMMANDS, COMMAND_TITLES } from '../constants';
import type { Capture } from '../receiver/captureStore';
import type { ReceiverHost } from '../receiver/receiverHost';
import { captureRow } from './captureRows';

/** The Deliveries view: what the local receiver captured, newest first. */
export class CapturesTreeProvider implements vscode.TreeDataProvider<Capture>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly receiver: ReceiverHost) {
    this.subscription = receiver.onDidChange(() => {
      this.changed.fire(undefined);
    });
  }

  getChildren(element?: Capture): Capture[] {
    return element ? [] : this.receiver.list();
  }

  getTreeItem(capture: Capture): vscode.TreeItem {
    const row = captureRow(capture);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor === undefined ? undefined : new vscode.ThemeColor(row.iconColor));
    item.command = { command: COMMANDS.openCapture, title: COMMAND_TITLES[COMMANDS.openCapture], arguments: [capture] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
