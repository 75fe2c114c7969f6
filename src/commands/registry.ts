import * as vscode from 'vscode';
import { addWebhook } from './addWebhook';
import type { CommandContext, CommandDefinition } from './commandContext';
import { copyWebhookUrl } from './copyWebhookUrl';
import { deleteWebhook } from './deleteWebhook';
import { editWebhook } from './editWebhook';
import type { ErrorPolicy } from './errorPolicy';
import { refresh } from './refresh';
import { showLog } from './showLog';
import { signIn } from './signIn';
import { signInWithSessionKey } from './signInWithSessionKey';
import { signOut } from './signOut';
import { startSandbox } from './startSandbox';
import { stopSandbox } from './stopSandbox';

/** Every command the extension contributes; the manifest test checks this against package.json. */
export const ALL_COMMANDS: readonly CommandDefinition[] = [
  signIn,
  signInWithSessionKey,
  signOut,
  startSandbox,
  stopSandbox,
  addWebhook,
  editWebhook,
  deleteWebhook,
  refresh,
  copyWebhookUrl,
  showLog,
];

/** Registers every command behind the one error policy. A command's promise never rejects. */
export function registerCommands(context: CommandContext, policy: ErrorPolicy): vscode.Disposable[] {
  return ALL_COMMANDS.map((command) => {
    const run = async (...args: unknown[]): Promise<void> => {
      try {
        await command.run(context, ...args);
      } catch (error) {
        policy.report(error, command.title, () => run(...args));
      }
    };
    return vscode.commands.registerCommand(command.id, run);
  });
}
