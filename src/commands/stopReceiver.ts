import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Stops the receiver; what it captured stays in the Deliveries view. */
export const stopReceiver: CommandDefinition = {
  id: COMMANDS.stopReceiver,
  async run(context) {
    await context.receiver.stop();
    context.log.info('receiver', 'Receiver stopped');
  },
};
