import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';

/** Stops the receiver; what it captured stays in the Deliveries view. */
export const stopReceiver: CommandDefinition = {
  id: COMMANDS.stopReceiver,
  title: 'Stop Receiver',
  async run(context) {
    await context.receiver.stop();
    context.log.info('receiver', 'Receiver stopped');
  },
};
