import { isHookMethod } from '../model/webhook';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHook } from './support/pickHook';
import { UserFacingError } from '../errors/userFacingError';

/** Puts back the URL and method a hook had before it was pointed at the receiver. */
export const restoreHookUrl: CommandDefinition = {
  id: COMMANDS.restoreHookUrl,
  async run(context, arg) {
    const { line, hook } = await pickHook(context, arg, 'Restore Original URL');
    const redirect = context.redirects.get(line.id, hook.webhookId);
    if (!redirect) throw new UserFacingError('This hook was not pointed at the receiver, so there is nothing to restore.');
    const method = isHookMethod(redirect.originalMethod) ? redirect.originalMethod : undefined;
    await withProgress('Restoring the original URL…', (signal) =>
      context.sessions.withSession(line, (client, key) =>
        client.updateWebhook(key, hook.webhookId, { url: redirect.originalUrl, ...(method ? { method } : {}) }, signal),
      ),
    );
    await context.redirects.remove(line.id, hook.webhookId);
    context.log.info('receiver', `Hook ${hook.webhookId} on ${line.label} restored to its original URL`);
    await context.tree.refresh(line);
  },
};
