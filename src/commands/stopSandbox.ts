import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Stops the built-in sandbox; its line leaves the tree until the sandbox starts again. */
export const stopSandbox: CommandDefinition = {
  id: COMMANDS.stopSandbox,
  async run(context) {
    await context.sandbox.stop();
    context.log.info('sandbox', 'Sandbox stopped');
  },
};
