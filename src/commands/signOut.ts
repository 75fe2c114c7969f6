import { describeError } from '../errors/describeError';
import { COMMANDS } from '../constants';
import { untrusted } from '../errors/untrustedText';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickLine } from './support/pickLine';

/**
 * Calls user/logout (keys never expire otherwise), then deletes the key. If logout fails, the key
 * is removed locally all the same and the user is told it may still be valid on the server.
 */
export const signOut: CommandDefinition = {
  id: COMMANDS.signOut,
  async run(context, arg) {
    const line = await pickLine(context, arg, 'Sign out of which line?');
    let failure: string | undefined;
    try {
      await withProgress(`Signing out of ${line.label}…`, (signal) =>
        context.sessions.withSession(line, (client, key) => client.logout(key, signal)),
      );
    } catch (error) {
      const described = describeError(error);
      if (described.silent) throw error;
      failure = described.text;
    }
    await context.sessions.remove(line);
    context.log.info('auth', `Signed out: ${line.label}${failure ? ' (locally only; logout failed)' : ''}`);
    if (failure) {
      void context.prompter().notify({
        severity: 'warning',
        message: `Signed out of ${line.label} in VS Code, but the server did not confirm the logout (${untrusted(failure, 200)}). The session key may still be valid on the server.`,
      });
    }
  },
};
