import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { pickHook } from './support/pickHook';

export const copyWebhookUrl: CommandDefinition = {
  id: COMMANDS.copyWebhookUrl,
  async run(context, arg) {
    const { hook } = await pickHook(context, arg, 'Copy Webhook URL');
    await vscode.env.clipboard.writeText(hook.url);
    vscode.window.setStatusBarMessage(`Copied ${hook.url}`, 3000);
  },
};
