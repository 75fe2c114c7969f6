import * as vscode from 'vscode';
import { apiBaseUrl } from './config';
import type { Log } from './log';
import type { Prompter } from './prompts/prompter';

/** Says at once when `zipwhip.apiBaseUrl` is changed to something unusable, instead of failing later. */
export function watchSettings(log: Log, prompter: () => Prompter): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
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
