import { maskPersonalData } from '../config';
import { COMMANDS } from '../constants';
import { maskCapture } from '../privacy/mask';
import { renderCapture } from '../receiver/renderCapture';
import type { CommandDefinition } from './support/commandContext';
import { pickCapture } from './support/pickCapture';

/** Headers and a pretty-printed body (large ids kept exact), read-only. */
export const openCapture: CommandDefinition = {
  id: COMMANDS.openCapture,
  async run(context, arg) {
    const capture = await pickCapture(context, arg, 'Open Delivery');
    await context.documents.open(
      `Delivery ${capture.method} ${capture.path.split('?')[0] ?? ''} ${capture.id}.md`,
      renderCapture(maskPersonalData() ? maskCapture(capture) : capture),
    );
  },
};
