import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';

/** Stops the built-in sandbox; its line leaves the tree until the sandbox starts again. */
export const stopSandbox: CommandDefinition = {
  id: COMMANDS.stopSandbox,
  title: 'Stop Sandbox',
  async run(context) {
    await context.sandbox.stop();
    context.log.info('sandbox', 'Sandbox stopped');
  },
};
