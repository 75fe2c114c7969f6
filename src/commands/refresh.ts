import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';
import { asNode } from './targets';

/** Reloads the selected line, or every line, from the server. */
export const refresh: CommandDefinition = {
  id: COMMANDS.refresh,
  title: 'Refresh Webhooks',
  async run(context, arg) {
    await context.tree.refresh(asNode(arg)?.line);
  },
};
