import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHook } from './support/pickHook';

/** A modal confirmation naming the event and URL, with the button "Delete". */
export const deleteWebhook: CommandDefinition = {
  id: COMMANDS.deleteWebhook,
  async run(context, arg) {
    const { line, hook } = await pickHook(context, arg, 'Delete Webhook');
    const confirmed = await context.prompter().confirm({
      message: `Delete the ${hook.type} ${hook.event} webhook ${hook.url}?`,
      detail: `Line ${line.label}. Zipwhip will stop calling this URL (${hook.method}) when this event happens.`,
      confirmLabel: 'Delete',
    });
    if (!confirmed) return;
    await withProgress(`Deleting the webhook from ${line.label}…`, (signal) =>
      context.sessions.withSession(line, (client, key) => client.deleteWebhook(key, hook.webhookId, signal)),
    );
    context.log.info('webhook', `Deleted webhook ${hook.webhookId} from ${line.label}`);
    await context.tree.refresh(line);
  },
};
