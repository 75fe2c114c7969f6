import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Forwards again what arrives from now on. */
export const resumeForwarding: CommandDefinition = {
  id: COMMANDS.resumeForwarding,
  run(context) {
    context.receiver.resumeForwarding();
    context.log.info('receiver', 'Forwarding resumed');
    return Promise.resolve();
  },
};
