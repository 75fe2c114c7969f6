import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** The receiver keeps capturing and answers 200, but sends nothing to the handler until Resume. */
export const pauseForwarding: CommandDefinition = {
  id: COMMANDS.pauseForwarding,
  run(context) {
    context.receiver.pauseForwarding();
    context.log.info('receiver', 'Forwarding paused: capturing only');
    return Promise.resolve();
  },
};
