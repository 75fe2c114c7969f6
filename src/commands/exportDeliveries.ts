import { writeFile } from 'node:fs/promises';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';
import { UserMessage } from './userMessage';

/** Writes the whole capture history as JSON (newest first) where the user chooses. */
export const exportDeliveries: CommandDefinition = {
  id: COMMANDS.exportDeliveries,
  title: 'Export Deliveries',
  async run(context) {
    const count = context.receiver.list().length;
    if (count === 0) throw new UserMessage('There are no deliveries to export.');
    const target = await context.prompter().saveAs({
      title: `Export ${count} deliveries as JSON`,
      defaultFileName: 'zipwhip-deliveries.json',
      filters: { JSON: ['json'] },
    });
    if (target === undefined) return;
    try {
      await writeFile(target, context.receiver.exportJson(), 'utf8');
    } catch (error) {
      throw new UserMessage(`Could not write ${target}: ${(error as { code?: string }).code ?? 'unknown error'}.`);
    }
    context.log.info('receiver', `Exported ${count} deliveries to ${target}`);
    void context.prompter().notify({ severity: 'info', message: `Exported ${count} deliveries to ${target}.` });
  },
};
