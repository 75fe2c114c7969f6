import { COMMANDS } from '../constants';
import { renderCapture } from '../receiver/prettyPrint';
import type { CommandDefinition } from './commandContext';
import { resolveCapture } from './deliveryTargets';

/** Headers and a pretty-printed body (large ids kept exact), read-only. */
export const openDelivery: CommandDefinition = {
  id: COMMANDS.openDelivery,
  title: 'Open Delivery',
  async run(context, arg) {
    const capture = await resolveCapture(context, arg, 'Open Delivery');
    await context.documents.open(`Delivery ${capture.method} ${capture.path.split('?')[0] ?? ''} ${capture.id}.txt`, renderCapture(capture));
  },
};
