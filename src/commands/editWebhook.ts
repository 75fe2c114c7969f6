import { COMMANDS } from '../constants';
import { promptEditWebhook } from '../prompts/webhookForms';
import { hooksForEvent } from '../views/treeModel';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHook } from './support/pickHook';

/** URL then method, both prefilled; webhook/update changes only these two. */
export const editWebhook: CommandDefinition = {
  id: COMMANDS.editWebhook,
  async run(context, arg) {
    const { line, hook } = await pickHook(context, arg, 'Edit Webhook');
    const others = hooksForEvent(context.tree.hooksOf(line) ?? [], hook)
      .filter((h) => h.webhookId !== hook.webhookId)
      .map((h) => h.url);
    const change = await promptEditWebhook(context.prompter(), hook, others);
    if (change.url === hook.url && change.method === hook.method) {
      context.log.info('webhook', `Edit of webhook ${hook.webhookId}: nothing changed`);
      return;
    }
    await withProgress(`Updating the webhook on ${line.label}…`, (signal) =>
      context.sessions.withSession(line, (client, key) => client.updateWebhook(key, hook.webhookId, change, signal)),
    );
    context.log.info('webhook', `Updated webhook ${hook.webhookId} on ${line.label}`);
    await context.tree.refresh(line);
  },
};
