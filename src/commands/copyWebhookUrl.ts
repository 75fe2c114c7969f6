import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';
import { resolveHook } from './targets';

export const copyWebhookUrl: CommandDefinition = {
  id: COMMANDS.copyWebhookUrl,
  title: 'Copy Webhook URL',
  async run(context, arg) {
    const { hook } = await resolveHook(context, arg, 'Copy Webhook URL');
    await vscode.env.clipboard.writeText(hook.url);
    vscode.window.setStatusBarMessage(`Copied ${hook.url}`, 3000);
  },
};
