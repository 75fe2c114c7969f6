import { COMMANDS } from '../constants';
import { promptAddWebhook } from '../prompts/webhookForms';
import { hooksForEvent } from '../views/treeModel';
import type { CommandDefinition } from './commandContext';
import { withProgress } from './progress';
import { asNode } from './targets';
import { UserMessage } from './userMessage';

/** Line (when more than one), event, URL, method; then the tree shows the server's new state. */
export const addWebhook: CommandDefinition = {
  id: COMMANDS.addWebhook,
  title: 'Add Webhook',
  async run(context, arg) {
    const node = asNode(arg);
    const lines = await context.tree.ready();
    if (lines.length === 0) throw new UserMessage('No line is signed in. Sign in, or start the sandbox, first.', 'Sign In');
    const answers = await promptAddWebhook(context.prompter(), {
      lines: lines.map((line) => ({ line, label: line.label, description: context.sessions.isSandbox(line) ? 'Sandbox' : line.server })),
      line: node?.line,
      event: node?.kind === 'event' ? node.spec : undefined,
      urlsFor: (line, event) => hooksForEvent(context.tree.hooksOf(line) ?? [], event).map((hook) => hook.url),
    });
    const { line, event, url, method } = answers;
    const hook = await withProgress(`Adding the ${event.event} webhook to ${line.label}…`, (signal) =>
      context.sessions.withSession(line, (client, key) => client.addWebhook(key, { type: event.type, event: event.event, url, method }, signal)),
    );
    context.log.info('webhook', `Added webhook ${hook.webhookId} (${hook.type} ${hook.event}) to ${line.label}`);
    await context.tree.refresh(line);
  },
};
