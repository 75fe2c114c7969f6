import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { asNode } from './support/commandArguments';

/** Reloads the selected line, or every line, from the server. */
export const refresh: CommandDefinition = {
  id: COMMANDS.refresh,
  async run(context, arg) {
    await context.tree.refresh(asNode(arg)?.line);
  },
};
