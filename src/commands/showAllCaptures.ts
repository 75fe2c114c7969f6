import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

/** Undoes Show Failed Only (the rest of the filter stays). */
export const showAllCaptures: CommandDefinition = {
  id: COMMANDS.showAllCaptures,
  run(context) {
    context.captures.setFilter({ ...context.captures.filter, failedOnly: false });
    return Promise.resolve();
  },
};
