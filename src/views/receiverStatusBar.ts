import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { plural } from '../format';
import type { ReceiverHost } from '../receiver/receiverHost';

/** While the receiver runs: its address and how many requests it holds; a click shows the Deliveries view. */
export class ReceiverStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('zipwhip.receiver', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };

  constructor(private readonly receiver: ReceiverHost) {
    this.item.name = 'Zipwhip Receiver';
    this.item.command = COMMANDS.showCaptures;
    this.subscription = receiver.onDidChange(() => { this.update(); });
    this.update();
  }

  private update(): void {
    const url = this.receiver.url;
    if (url === undefined) {
      this.item.hide();
      return;
    }
    const count = this.receiver.size;
    const host = new URL(url).host;
    const shown = this.receiver.listensOnAllInterfaces ? `0.0.0.0:${new URL(url).port}` : host;
    this.item.text = `$(radio-tower) ${shown} · ${count}`;
    this.item.tooltip = `Zipwhip receiver listening on ${this.receiver.listensOnAllInterfaces ? 'all interfaces' : host}; ${plural(count, 'request')} captured. Click to show them.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
