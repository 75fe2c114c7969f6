import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';

export const showLog: CommandDefinition = {
  id: COMMANDS.showLog,
  title: 'Show Log',
  run(context) {
    context.log.show();
    return Promise.resolve();
  },
};
