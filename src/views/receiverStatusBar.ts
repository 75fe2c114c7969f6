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
    this.subscription = receiver.onDidChange(() => {
      this.update();
    });
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
    const state = this.receiver.forwardingState;
    const mode = state === 'on' ? ' $(arrow-right) handler' : state === 'paused' ? ' $(debug-pause) paused' : '';
    this.item.text = `$(radio-tower) ${shown} · ${count}${mode}`;
    const routes = [...(this.receiver.forwardTable ?? new Map<string, readonly string[]>())].map(
      ([key, targets]) => `${key} → ${targets.join(', ')}`,
    );
    const refused = this.receiver.refusedCount;
    this.item.tooltip = [
      `Zipwhip receiver listening on ${this.receiver.listensOnAllInterfaces ? 'all interfaces' : host}; ${plural(count, 'request')} captured.`,
      state === 'off'
        ? 'Capture only: every request is answered 200.'
        : state === 'paused'
          ? 'Forwarding is paused: capturing only, answering 200.'
          : `Forwarding: ${routes.join('; ')}`,
      ...(refused > 0 ? [`${plural(refused, 'request')} refused: addressed to another host (see zipwhip.receiver.allowedHosts).`] : []),
      'Click to show them.',
    ].join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
