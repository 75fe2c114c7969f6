import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { validateWebhookUrl } from '../prompts/validators';
import { renderDeliveryResult } from '../receiver/prettyPrint';
import { replay } from '../receiver/replay';
import type { CommandDefinition } from './commandContext';
import { resolveCapture } from './deliveryTargets';
import { withProgress } from './progress';

/** Sends a captured request again (same method, headers and body bytes) to a URL, remembered per workspace. */
export const replayDelivery: CommandDefinition = {
  id: COMMANDS.replayDelivery,
  title: 'Replay Delivery',
  async run(context, arg) {
    const capture = await resolveCapture(context, arg, 'Replay Delivery');
    const answer = await context.prompter().input({
      title: `Replay ${capture.method} ${capture.path}`,
      prompt: 'The URL to send it to (your local server, for example)',
      placeholder: 'http://localhost:3000/zipwhip/message/receive',
      value: context.replayTarget.get(),
      validate: (value) => validateWebhookUrl(value),
    });
    if (answer === BACK) throw new PromptCancelledError();
    const target = answer.trim();
    await context.replayTarget.set(target);
    const outcome = await withProgress(`Replaying to ${new URL(target).host}…`, (signal) => replay(capture, target, { timeoutMs: requestTimeoutMs(), signal }));
    context.log.info('receiver', `Replayed ${capture.id} to ${new URL(target).host}: ${outcome.status ?? outcome.error ?? '?'}`);
    await context.documents.open(`Replay ${capture.id} ${new URL(target).host}.txt`, renderDeliveryResult(outcome));
  },
};
