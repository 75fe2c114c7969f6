import { COMMANDS } from '../constants';
import { answered } from '../prompts/prompter';
import { validateSessionKey } from '../prompts/validators';
import type { CommandDefinition } from './support/commandContext';
import { configuredServer, explainUnreachableDefaultServer } from './support/configuredServer';
import { withProgress } from './support/progress';
import { reportRevokeFailure } from './support/revokeFailure';

/** Paste an existing key (masked); it is checked with webhook/list before it is stored. */
export const signInWithSessionKey: CommandDefinition = {
  id: COMMANDS.signInWithSessionKey,
  async run(context) {
    const server = configuredServer(context);
    const host = new URL(server).host;
    const answer = answered(
      await context.prompter().input({
        title: `Sign In to ${host} with a Session Key`,
        prompt: "Paste the session key of the line (<uuid>:<number>). It is kept in the editor's secret storage only.",
        password: true,
        validate: validateSessionKey,
      }),
    );
    const key = answer.trim();
    const signedIn = await withProgress(`Checking the session key with ${host}…`, async (signal) => {
      await explainUnreachableDefaultServer(server, context.sessions.client(server).listWebhooks(key, signal));
      return context.sessions.signedIn(server, key, undefined, { signal });
    });
    context.log.info('auth', `Signed in with a session key: ${signedIn.line.label} on ${host}`);
    reportRevokeFailure(context, signedIn);
    await context.tree.refresh(signedIn.line).catch(() => undefined);
  },
};
