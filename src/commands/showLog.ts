import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';

export const showLog: CommandDefinition = {
  id: COMMANDS.showLog,
  run(context) {
    context.log.show();
    return Promise.resolve();
  },
};
