import { COMMANDS } from '../constants';
import { editablePayload } from '../deliveries/payloadRequest';
import type { CommandDefinition } from './support/commandContext';
import { pickCapture } from './support/pickCapture';

/**
 * Opens a capture's payload as an editable JSON document, checked against the Zipwhip payload schema; Send (a
 * CodeLens, or the editor title) sends it, Compare with Original shows what changed.
 */
export const editAndReplay: CommandDefinition = {
  id: COMMANDS.editAndReplay,
  async run(context, arg) {
    const capture = await pickCapture(context, arg, 'Edit and Replay');
    const text = editablePayload(capture);
    await context.payloads.open(`capture-${capture.id}`, text, {
      kind: 'capture',
      captureId: capture.id,
      method: capture.method,
      path: capture.path,
      headers: capture.headers,
      original: text,
    });
  },
};
