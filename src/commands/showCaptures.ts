import * as vscode from 'vscode';
import { CAPTURES_VIEW_ID, COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Reveals the Deliveries view. */
export const showCaptures: CommandDefinition = {
  id: COMMANDS.showCaptures,
  async run() {
    await vscode.commands.executeCommand(`${CAPTURES_VIEW_ID}.focus`);
  },
};
