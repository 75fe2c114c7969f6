import { UserFacingError } from '../../errors/userFacingError';
import { answered } from '../../prompts/prompter';
import type { Capture } from '../../receiver/captureStore';
import { captureRow } from '../../views/captureRows';
import { asCapture } from './commandArguments';
import type { CommandContext } from './commandContext';

/** The captured request a command acts on: the selected one, or one picked from the history. */
export async function pickCapture(context: CommandContext, arg: unknown, title: string): Promise<Capture> {
  const selected = asCapture(arg);
  if (selected) return context.receiver.get(selected.id) ?? selected;
  const captures = context.receiver.list();
  if (captures.length === 0) throw new UserFacingError('No delivery has been captured yet. Start the receiver and point a hook at it.');
  return answered(
    await context.prompter().pick({
      title,
      placeholder: 'Which delivery?',
      items: captures.map((capture) => {
        const row = captureRow(capture);
        return { label: row.label, description: row.description, value: capture };
      }),
    }),
  );
}
