import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';

export const clearDeliveries: CommandDefinition = {
  id: COMMANDS.clearDeliveries,
  title: 'Clear Deliveries',
  async run(context) {
    const count = context.receiver.list().length;
    if (count === 0) return;
    const confirmed = await context.prompter().confirm({
      message: `Clear ${count} captured deliver${count === 1 ? 'y' : 'ies'}?`,
      detail: 'Export them first if you want to keep them.',
      confirmLabel: 'Clear',
    });
    if (!confirmed) return;
    context.receiver.clear();
    context.log.info('receiver', `Cleared ${count} deliveries`);
  },
};
