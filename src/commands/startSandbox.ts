import { signInToSandbox } from '../auth/sandboxSession';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';
import { withProgress } from './progress';

/** Starts the built-in sandbox on a free loopback port and signs in to its demo line. */
export const startSandbox: CommandDefinition = {
  id: COMMANDS.startSandbox,
  title: 'Start Sandbox',
  async run(context) {
    const line = await withProgress('Starting the Zipwhip sandbox…', (signal) => signInToSandbox(context.sessions, signal));
    context.log.info('sandbox', `Sandbox running at ${context.sandbox.baseUrl ?? '?'}; signed in as ${line.label}`);
    await context.tree.refresh(line).catch(() => undefined);
  },
};
