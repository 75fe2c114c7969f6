import * as vscode from 'vscode';
import { CONTEXT } from './constants';
import type { ReceiverHost } from './receiver/receiverHost';
import type { SandboxHost } from './sandbox/sandboxHost';
import { isFilterActive } from './views/captureFilter';
import type { CapturesTreeProvider } from './views/capturesTreeProvider';
import type { WebhookTreeProvider } from './views/webhookTreeProvider';

type ContextKey = (typeof CONTEXT)[keyof typeof CONTEXT];

/**
 * The one owner of the context keys that `when` clauses and welcome views read: each is set when what it
 * reflects changes, and only when its value changes.
 */
export function watchContextKeys(parts: {
  sandbox: SandboxHost;
  receiver: ReceiverHost;
  tree: WebhookTreeProvider;
  captures: CapturesTreeProvider;
}): vscode.Disposable {
  const current = new Map<ContextKey, unknown>();
  const set = (key: ContextKey, value: unknown): void => {
    if (current.has(key) && current.get(key) === value) return;
    current.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  };
  const sandbox = (): void => {
    set(CONTEXT.sandboxRunning, parts.sandbox.running);
  };
  const receiver = (): void => {
    set(CONTEXT.receiverRunning, parts.receiver.running);
    set(CONTEXT.hasCaptures, parts.receiver.size > 0);
    set(CONTEXT.forwarding, parts.receiver.forwardingState);
  };
  const tree = (): void => {
    set(CONTEXT.viewState, parts.tree.viewState);
  };
  const filter = (): void => {
    set(CONTEXT.capturesFiltered, isFilterActive(parts.captures.filter));
    set(CONTEXT.capturesFailedOnly, parts.captures.filter.failedOnly === true);
  };
  sandbox();
  receiver();
  tree();
  filter();
  const subscriptions = [
    parts.sandbox.onDidChange(sandbox),
    parts.receiver.onDidChange(receiver),
    parts.tree.onDidChangeViewState(tree),
    parts.captures.onDidChangeFilter(filter),
  ];
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
  });
}
