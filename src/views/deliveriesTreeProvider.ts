import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { Capture } from '../receiver/captureStore';
import type { ReceiverHost } from '../receiver/receiverHost';
import { deliveryRow } from './deliveryRows';

/** The Deliveries view: what the local receiver captured, newest first. */
export class DeliveriesTreeProvider implements vscode.TreeDataProvider<Capture>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly receiver: ReceiverHost) {
    this.subscription = receiver.onDidChange(() => {
      this.changed.fire(undefined);
      void vscode.commands.executeCommand('setContext', 'zipwhip.hasDeliveries', receiver.list().length > 0);
    });
  }

  getChildren(element?: Capture): Capture[] {
    return element ? [] : this.receiver.list();
  }

  getTreeItem(capture: Capture): vscode.TreeItem {
    const row = deliveryRow(capture);
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = 'delivery';
    item.iconPath = new vscode.ThemeIcon(capture.event ? 'mail' : 'globe');
    item.command = { command: COMMANDS.openDelivery, title: 'Open Delivery', arguments: [capture] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
