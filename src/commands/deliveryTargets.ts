import type { Capture } from '../receiver/captureStore';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { deliveryRow } from '../views/deliveryRows';
import type { CommandContext } from './commandContext';
import { UserMessage } from './userMessage';

function isCapture(arg: unknown): arg is Capture {
  return typeof arg === 'object' && arg !== null && typeof (arg as Capture).id === 'string' && typeof (arg as Capture).receivedAt === 'string';
}

/** The captured request a command acts on: the selected one, or one picked from the history. */
export async function resolveCapture(context: CommandContext, arg: unknown, title: string): Promise<Capture> {
  if (isCapture(arg)) return context.receiver.get(arg.id) ?? arg;
  const captures = context.receiver.list();
  if (captures.length === 0) throw new UserMessage('No delivery has been captured yet. Start the receiver and point a hook at it.');
  const chosen = await context.prompter().pick({
    title,
    placeholder: 'Which delivery?',
    items: captures.map((capture) => {
      const row = deliveryRow(capture);
      return { label: row.label, description: row.description, value: capture };
    }),
  });
  if (chosen === BACK) throw new PromptCancelledError();
  return chosen;
}
