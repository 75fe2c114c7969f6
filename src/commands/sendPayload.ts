import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import { deliver } from '../deliveries/deliver';
import { PAYLOAD_HEADERS } from '../deliveries/payloads';
import { PAYLOAD_METHODS, payloadProblem, payloadRequest, type PayloadMethod } from '../deliveries/payloadRequest';
import { renderDeliveryOutcome } from '../deliveries/renderOutcome';
import { UserFacingError } from '../errors/userFacingError';
import { withoutPassword } from '../format';
import { answered } from '../prompts/prompter';
import { validateWebhookUrl } from '../prompts/validators';
import type { CommandDefinition } from './support/commandContext';
import { reportFiring } from './support/fireSummary';
import { payloadDocument } from './support/payloadArgument';
import { withProgress } from './support/progress';

const METHOD_DETAIL: Record<PayloadMethod, string> = {
  POST: 'The JSON as the body',
  PUT: 'The JSON as the body, with PUT',
  GET: "No body: the fields travel as the query (our reading of Zipwhip's GET hooks)",
};

/**
 * Sends the edited payload, exactly as the document holds it (unsaved edits included), to a URL you pick
 * (remembered per workspace) with the method you choose, and shows what came back.
 */
export const sendPayload: CommandDefinition = {
  id: COMMANDS.sendPayload,
  async run(context, arg) {
    const { document, origin } = await payloadDocument(context, arg);
    const text = document.getText();
    const problem = payloadProblem(text);
    if (problem) throw new UserFacingError(problem);
    if (origin.kind === 'simulate') {
      if (!context.sandbox.running)
        throw new UserFacingError('This payload is fired through the sandbox, which is not running. Start it first.', 'Start Sandbox');
      const results = await withProgress(`Firing the edited ${origin.type} ${origin.event} on the sandbox…`, () =>
        context.sandbox.fire(origin.type, origin.event, 1, { payloads: [{ json: text, headers: PAYLOAD_HEADERS['2020'] }] }),
      );
      reportFiring(context, 'with the edited payload', origin.type, origin.event, results);
      return;
    }
    const url = answered(
      await context.prompter().input({
        title: 'Send the edited payload',
        step: 1,
        totalSteps: 2,
        prompt: 'The URL to send it to (your handler, for example)',
        placeholder: 'http://localhost:3000/zipwhip/message/receive',
        value: context.replayTarget.get(),
        validate: (value) => validateWebhookUrl(value),
      }),
    ).trim();
    const captured = (PAYLOAD_METHODS as readonly string[]).includes(origin.method.toUpperCase())
      ? (origin.method.toUpperCase() as PayloadMethod)
      : 'POST';
    const method = answered(
      await context.prompter().pick<PayloadMethod>({
        title: 'Send the edited payload',
        step: 2,
        totalSteps: 2,
        placeholder: `Which method? (captured: ${origin.method})`,
        items: PAYLOAD_METHODS.map((m) => ({ label: m, description: METHOD_DETAIL[m], value: m })),
        active: captured,
      }),
    );
    await context.replayTarget.set(url);
    const request = payloadRequest(text, method, url, origin.headers);
    const host = new URL(url).host;
    const outcome = await withProgress(`Sending the edited payload to ${host}…`, (signal) =>
      deliver(request, { timeoutMs: requestTimeoutMs(), signal }),
    );
    context.log.info(
      'receiver',
      `Sent an edited payload of ${origin.captureId} with ${method} to ${withoutPassword(url)}: ${outcome.status ?? outcome.error ?? '?'}`,
    );
    await context.documents.open(`Sent ${origin.captureId} ${host}.md`, renderDeliveryOutcome(outcome, 'Edited payload'));
  },
};
