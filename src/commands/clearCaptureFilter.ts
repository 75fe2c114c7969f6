import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Shows every delivery again. */
export const clearCaptureFilter: CommandDefinition = {
  id: COMMANDS.clearCaptureFilter,
  run(context) {
    context.captures.setFilter({});
    return Promise.resolve();
  },
};
