import * as vscode from 'vscode';
import { apiBaseUrl, deliveryHistoryLimit } from './config';
import type { Log } from './log';
import type { Prompter } from './prompts/prompter';

/**
 * Applies settings as they change: says at once when `zipwhip.apiBaseUrl` is changed to something
 * unusable (instead of failing later), and passes a new delivery history limit on.
 */
export function watchSettings(log: Log, prompter: () => Prompter, setHistoryLimit: (limit: number) => Promise<void>): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('zipwhip.deliveries.historyLimit')) {
      void setHistoryLimit(deliveryHistoryLimit()).catch((error: unknown) => {
        log.warn('settings', `Could not apply the new history limit: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    if (!event.affectsConfiguration('zipwhip.apiBaseUrl')) return;
    const check = apiBaseUrl();
    if (check.ok) {
      log.info('settings', `API base URL is now ${check.baseUrl}`);
      return;
    }
    log.warn('settings', `zipwhip.apiBaseUrl refused: ${check.message}`);
    void prompter()
      .notify({ severity: 'warning', message: `zipwhip.apiBaseUrl is not used: ${check.message}`, actions: ['Open Settings'] })
      .then(async (choice) => {
        if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'zipwhip.apiBaseUrl');
      });
  });
}
