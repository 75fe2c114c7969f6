import { COMMANDS } from '../constants';
import { plural } from '../format';
import type { CommandDefinition } from './support/commandContext';

/** Asks, then empties the Deliveries view and its saved history. */
export const clearCaptures: CommandDefinition = {
  id: COMMANDS.clearCaptures,
  async run(context) {
    const count = context.receiver.size;
    if (count === 0) return;
    const confirmed = await context.prompter().confirm({
      message: `Clear ${plural(count, 'captured delivery', 'captured deliveries')}?`,
      detail: 'Export them first if you want to keep them.',
      confirmLabel: 'Clear',
    });
    if (!confirmed) return;
    context.receiver.clear();
    context.log.info('receiver', `Cleared ${plural(count, 'capture')}`);
  },
};
