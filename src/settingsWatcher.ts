import * as vscode from 'vscode';
import { apiBaseUrl, historyLimits, receiverAllowedHosts } from './config';
import { settingKey } from './constants';
import { messageOf } from './errors/describeError';
import type { Log } from './log';
import type { Prompter } from './prompts/prompter';
import type { HistoryLimits } from './receiver/receiverHost';

export interface SettingsSinks {
  readonly setHistoryLimits: (limits: HistoryLimits) => Promise<void>;
  readonly setAllowedHosts: (hosts: string[]) => void;
  /** zipwhip.privacy.maskPersonalData changed: what shows captures redraws. */
  readonly maskChanged: () => void;
}

/**
 * Applies settings as they change: says at once when `zipwhip.apiBaseUrl` is changed to something
 * unusable (instead of failing later), and passes the receiver's new limits and allowed hosts on.
 */
export function watchSettings(log: Log, prompter: () => Prompter, sinks: SettingsSinks): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(settingKey('historyLimit')) || event.affectsConfiguration(settingKey('historyMegabytes'))) {
      void sinks.setHistoryLimits(historyLimits()).catch((error: unknown) => {
        log.warn('settings', `Could not apply the new history limits: ${messageOf(error)}`);
      });
    }
    if (event.affectsConfiguration(settingKey('receiverAllowedHosts'))) sinks.setAllowedHosts(receiverAllowedHosts());
    if (event.affectsConfiguration(settingKey('maskPersonalData'))) sinks.maskChanged();
    if (!event.affectsConfiguration(settingKey('apiBaseUrl'))) return;
    const check = apiBaseUrl();
    if (check.ok) {
      log.info('settings', `API base URL is now ${check.baseUrl}`);
      return;
    }
    log.warn('settings', `zipwhip.apiBaseUrl refused: ${check.message}`);
    void prompter()
      .notify({ severity: 'warning', message: `zipwhip.apiBaseUrl is not used: ${check.message}`, actions: ['Open Settings'] })
      .then(async (choice) => {
        if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', settingKey('apiBaseUrl'));
      });
  });
}
