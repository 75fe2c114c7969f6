import { COMMANDS } from '../constants';
import { runSteps } from '../prompts/multiStep';
import { BACK } from '../prompts/prompter';
import { validatePassword, validateUsername } from '../prompts/validators';
import type { CommandDefinition } from './commandContext';
import { configuredServer } from './configuredServer';
import { withProgress } from './progress';

/** Username, then password (masked); only the session key that user/login returns is stored. */
export const signIn: CommandDefinition = {
  id: COMMANDS.signIn,
  title: 'Sign In',
  async run(context) {
    const server = configuredServer();
    const title = `Sign In to ${new URL(server).host}`;
    const answers = await runSteps<{ username?: string; password?: string }>({}, [
      async (state, position) => {
        const username = await context.prompter().input({
          title, ...position,
          prompt: 'The phone number of the text-enabled line (or your user name on a multi-user account)',
          placeholder: '4257772300',
          value: state.username,
          validate: validateUsername,
        });
        return username === BACK ? BACK : { ...state, username: username.trim() };
      },
      async (state, position) => {
        const password = await context.prompter().input({
          title, ...position,
          prompt: `The password of ${state.username ?? 'the line'} (it is sent once and never stored)`,
          password: true,
          validate: validatePassword,
        });
        return password === BACK ? BACK : { ...state, password };
      },
    ]);
    const username = answers.username ?? '';
    const password = answers.password ?? '';
    const key = await withProgress(`Signing in to ${new URL(server).host}…`, (signal) =>
      context.sessions.client(server).login(username, password, signal),
    );
    const line = await context.sessions.store.save(server, key, username);
    context.log.info('auth', `Signed in: ${line.label} on ${new URL(server).host}`);
    await context.tree.refresh(line).catch(() => undefined);
  },
};
