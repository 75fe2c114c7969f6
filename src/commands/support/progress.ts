import * as vscode from 'vscode';

/** Runs slow work under a cancellable notification; cancelling aborts the request. */
export function withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => { controller.abort(); });
      return work(controller.signal).finally(() => { subscription.dispose(); });
    }),
  );
}
