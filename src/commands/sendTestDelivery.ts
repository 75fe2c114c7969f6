import { isLoopbackHost } from '../api/baseUrl';
import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import { buildDeliveryRequest, deliver } from '../deliveries/deliver';
import { generatePayload } from '../deliveries/payloads';
import { withoutPassword } from '../format';
import { renderDeliveryOutcome } from '../deliveries/renderOutcome';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHookToCall } from './support/pickHook';

/**
 * Sends what Zipwhip would send for the hook's event, with its method, to its URL, and opens the
 * result. A URL off this machine is a real request to a real server, so it asks first.
 */
export const sendTestDelivery: CommandDefinition = {
  id: COMMANDS.sendTestDelivery,
  async run(context, arg) {
    const { hook, url } = await pickHookToCall(context, arg, 'Send Test Delivery');
    if (!isLoopbackHost(url.hostname)) {
      const confirmed = await context.prompter().confirm({
        message: `Send a test ${hook.type} ${hook.event} delivery to ${withoutPassword(hook.url)}?`,
        detail: `This is a real ${hook.method} request to ${url.host}, with a generated message (made-up phone numbers and text).`,
        confirmLabel: 'Send',
      });
      if (!confirmed) return;
    }
    const payload = generatePayload({ type: hook.type, event: hook.event });
    const request = buildDeliveryRequest(hook, payload);
    const outcome = await withProgress(`Sending a test delivery to ${url.host}…`, (signal) =>
      deliver(request, { timeoutMs: requestTimeoutMs(), signal }),
    );
    context.log.info(
      'delivery',
      `Test delivery ${request.method} ${url.host}${url.pathname}: ${outcome.status ?? outcome.error ?? '?'} in ${Math.round(outcome.totalMs)}ms`,
    );
    await context.documents.open(`Test delivery ${hook.event} ${url.host}.md`, renderDeliveryOutcome(outcome, 'Test delivery'));
  },
};
