import * as vscode from 'vscode';
import { COMMANDS, DELIVERIES_VIEW_ID } from '../constants';
import type { CommandDefinition } from './commandContext';

export const showDeliveries: CommandDefinition = {
  id: COMMANDS.showDeliveries,
  title: 'Show Deliveries',
  async run() {
    await vscode.commands.executeCommand(`${DELIVERIES_VIEW_ID}.focus`);
  },
};
