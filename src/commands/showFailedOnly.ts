import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** One click: only the deliveries a handler failed (the rest of the filter stays). */
export const showFailedOnly: CommandDefinition = {
  id: COMMANDS.showFailedOnly,
  run(context) {
    context.captures.setFilter({ ...context.captures.filter, failedOnly: true });
    return Promise.resolve();
  },
};
