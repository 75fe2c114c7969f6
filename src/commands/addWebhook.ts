import { COMMANDS } from '../constants';
import { promptAddWebhook } from '../prompts/webhookForms';
import { hooksForEvent } from '../views/treeModel';
import { asNode } from './support/commandArguments';
import type { CommandDefinition } from './support/commandContext';
import { signedInLines } from './support/pickLine';
import { withProgress } from './support/progress';

/** Line (when more than one), event, URL, method; then the tree shows the server's new state. */
export const addWebhook: CommandDefinition = {
  id: COMMANDS.addWebhook,
  async run(context, arg) {
    const node = asNode(arg);
    const lines = await signedInLines(context);
    const answers = await promptAddWebhook(context.prompter(), {
      lines: lines.map((line) => ({ line, label: line.label, description: context.sessions.isSandbox(line) ? 'Sandbox' : line.server })),
      line: node?.line,
      event: node?.kind === 'event' ? node.spec : undefined,
      urlsFor: (line, event) => hooksForEvent(context.tree.hooksOf(line) ?? [], event).map((hook) => hook.url),
    });
    const { line, event, url, method } = answers;
    const hook = await withProgress(`Adding the ${event.event} webhook to ${line.label}…`, (signal) =>
      context.sessions.withSession(line, (client, key) =>
        client.addWebhook(key, { type: event.type, event: event.event, url, method }, signal),
      ),
    );
    context.log.info('webhook', `Added webhook ${hook.webhookId} (${hook.type} ${hook.event}) to ${line.label}`);
    await context.tree.refresh(line);
  },
};
