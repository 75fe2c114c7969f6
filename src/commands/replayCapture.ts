import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import { answered } from '../prompts/prompter';
import { validateWebhookUrl } from '../prompts/validators';
import { renderDeliveryOutcome } from '../deliveries/renderOutcome';
import { replay } from '../receiver/replay';
import type { CommandDefinition } from './support/commandContext';
import { pickCapture } from './support/pickCapture';
import { withProgress } from './support/progress';

/** Sends a captured request again (same method, headers and body bytes) to a URL, remembered per workspace. */
export const replayCapture: CommandDefinition = {
  id: COMMANDS.replayCapture,
  async run(context, arg) {
    const capture = await pickCapture(context, arg, 'Replay Delivery');
    const answer = answered(
      await context.prompter().input({
        title: `Replay ${capture.method} ${capture.path}`,
        prompt: 'The URL to send it to (your local server, for example)',
        placeholder: 'http://localhost:3000/zipwhip/message/receive',
        value: context.replayTarget.get(),
        validate: (value) => validateWebhookUrl(value),
      }),
    );
    const target = answer.trim();
    await context.replayTarget.set(target);
    const outcome = await withProgress(`Replaying to ${new URL(target).host}…`, (signal) =>
      replay(capture, target, { timeoutMs: requestTimeoutMs(), signal }),
    );
    context.log.info('receiver', `Replayed ${capture.id} to ${new URL(target).host}: ${outcome.status ?? outcome.error ?? '?'}`);
    await context.documents.open(`Replay ${capture.id} ${new URL(target).host}.md`, renderDeliveryOutcome(outcome, 'Replay'));
  },
};
