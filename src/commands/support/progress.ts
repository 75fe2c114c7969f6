import * as vscode from 'vscode';

/** Tells the progress notification what is happening: a message, and the share of the work just done (0 to 100). */
export type ProgressReport = (message: string, increment?: number) => void;

/** Runs slow work under a cancellable notification; cancelling aborts the request. */
export function withProgress<T>(title: string, work: (signal: AbortSignal, report: ProgressReport) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => {
        controller.abort();
      });
      const report: ProgressReport = (message, increment) => {
        progress.report({ message, ...(increment === undefined ? {} : { increment }) });
      };
      return work(controller.signal, report).finally(() => {
        subscription.dispose();
      });
    }),
  );
}
