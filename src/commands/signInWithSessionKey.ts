import { COMMANDS } from '../constants';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { validateSessionKey } from '../prompts/validators';
import type { CommandDefinition } from './commandContext';
import { configuredServer } from './configuredServer';
import { withProgress } from './progress';

/** Paste an existing key (masked); it is checked with webhook/list before it is stored. */
export const signInWithSessionKey: CommandDefinition = {
  id: COMMANDS.signInWithSessionKey,
  title: 'Sign In with Session Key',
  async run(context) {
    const server = configuredServer();
    const host = new URL(server).host;
    const answer = await context.prompter().input({
      title: `Sign In to ${host} with a Session Key`,
      prompt: 'Paste the session key of the line (<uuid>:<number>). It is kept in the editor\'s secret storage only.',
      password: true,
      validate: validateSessionKey,
    });
    if (answer === BACK) throw new PromptCancelledError();
    const key = answer.trim();
    await withProgress(`Checking the session key with ${host}…`, (signal) => context.sessions.client(server).listWebhooks(key, signal));
    const line = await context.sessions.store.save(server, key);
    context.log.info('auth', `Signed in with a session key: ${line.label} on ${host}`);
    await context.tree.refresh(line).catch(() => undefined);
  },
};
