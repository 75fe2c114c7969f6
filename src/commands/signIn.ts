import { COMMANDS } from '../constants';
import { runSteps } from '../prompts/multiStep';
import { BACK } from '../prompts/prompter';
import { validatePassword, validateUsername } from '../prompts/validators';
import type { CommandDefinition } from './support/commandContext';
import { configuredServer, explainUnreachableDefaultServer } from './support/configuredServer';
import { withProgress } from './support/progress';
import { reportRevokeFailure } from './support/revokeFailure';

/** Username, then password (masked); only the session key that user/login returns is stored. */
export const signIn: CommandDefinition = {
  id: COMMANDS.signIn,
  async run(context) {
    const server = configuredServer(context);
    const host = new URL(server).host;
    const title = `Sign In to ${host}`;
    const answers = await runSteps<{ username?: string; password?: string }>({}, [
      async (state, position) => {
        const username = await context.prompter().input({
          title,
          ...position,
          prompt: 'The phone number of the text-enabled line (or your user name on a multi-user account)',
          placeholder: '4257772300',
          value: state.username,
          validate: validateUsername,
        });
        return username === BACK ? BACK : { ...state, username: username.trim() };
      },
      async (state, position) => {
        const password = await context.prompter().input({
          title,
          ...position,
          prompt: `The password of ${state.username ?? 'the line'} (it is sent once and never stored)`,
          password: true,
          validate: validatePassword,
        });
        return password === BACK ? BACK : { ...state, password };
      },
    ]);
    const username = answers.username ?? '';
    const password = answers.password ?? '';
    const signedIn = await withProgress(`Signing in to ${host}…`, async (signal) => {
      const key = await explainUnreachableDefaultServer(server, context.sessions.client(server).login(username, password, signal));
      return context.sessions.signedIn(server, key, username, { signal });
    });
    context.log.info('auth', `Signed in: ${signedIn.line.label} on ${host}`);
    reportRevokeFailure(context, signedIn);
    await context.tree.refresh(signedIn.line).catch(() => undefined);
  },
};
