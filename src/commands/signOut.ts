import { describeError } from './errorPolicy';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './commandContext';
import { withProgress } from './progress';
import { resolveLine } from './targets';

/**
 * Calls user/logout (keys never expire otherwise), then deletes the key. If logout fails, the key
 * is removed locally all the same and the user is told it may still be valid on the server.
 */
export const signOut: CommandDefinition = {
  id: COMMANDS.signOut,
  title: 'Sign Out',
  async run(context, arg) {
    const line = await resolveLine(context, arg, 'Sign out of which line?');
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
    await context.sessions.store.remove(line);
    context.log.info('auth', `Signed out: ${line.label}${failure ? ' (locally only; logout failed)' : ''}`);
    if (failure) {
      void context.prompter().notify({
        severity: 'warning',
        message: `Signed out of ${line.label} in VS Code, but the server did not confirm the logout (${failure}). The session key may still be valid on the server.`,
      });
    }
  },
};
