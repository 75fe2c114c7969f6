import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';

/** Starts the built-in sandbox on a free loopback port and signs in to its demo line. */
export const startSandbox: CommandDefinition = {
  id: COMMANDS.startSandbox,
  async run(context) {
    const line = await withProgress('Starting the Zipwhip sandbox…', (signal) => context.sessions.signInToSandbox(signal));
    context.log.info('sandbox', `Sandbox running at ${context.sandbox.baseUrl ?? '?'}; signed in as ${line.label}`);
    await context.tree.refresh(line).catch(() => undefined);
  },
};
