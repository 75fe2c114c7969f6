import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHook } from './support/pickHook';
import { UserFacingError } from '../errors/userFacingError';

/**
 * Points a hook at the local receiver (one path per event, as Zipwhip receivers do), remembering its
 * URL and method so "Restore Original URL" can put them back, even after a reload.
 */
export const pointHookAtReceiver: CommandDefinition = {
  id: COMMANDS.pointHookAtReceiver,
  async run(context, arg) {
    const { line, hook } = await pickHook(context, arg, 'Point Hook at Receiver');
    const receiverUrl = context.receiver.url;
    if (receiverUrl === undefined) throw new UserFacingError('The receiver is not running. Start it first (Zipwhip: Start Receiver…).');
    if (!context.sessions.isSandbox(line) && new URL(receiverUrl).hostname === '127.0.0.1') {
      throw new UserFacingError(
        "Zipwhip's servers cannot reach 127.0.0.1 on this machine. Point a sandbox hook at the receiver, or expose the receiver through a public tunnel and edit the hook to that URL.",
      );
    }
    const already = context.redirects.get(line.id, hook.webhookId);
    const target = new URL(`zipwhip/${hook.type}/${hook.event}`, receiverUrl).toString();
    await withProgress('Pointing the hook at the receiver…', (signal) =>
      context.sessions.withSession(line, (client, key) => client.updateWebhook(key, hook.webhookId, { url: target }, signal)),
    );
    await context.redirects.set({
      lineId: line.id,
      webhookId: hook.webhookId,
      originalUrl: already?.originalUrl ?? hook.url,
      originalMethod: already?.originalMethod ?? hook.method,
      receiverUrl: target,
    });
    context.log.info('receiver', `Hook ${hook.webhookId} on ${line.label} now points at the receiver`);
    await context.tree.refresh(line);
  },
};
