import type { SignedIn } from '../../auth/lineSessions';
import { untrusted } from '../../errors/untrustedText';
import type { CommandContext } from './commandContext';

/** Says, as Sign Out does, that a replaced key could not be logged out and may still be valid. */
export function reportRevokeFailure(context: CommandContext, signedIn: SignedIn): void {
  if (signedIn.revokeFailure === undefined) return;
  void context.prompter().notify({
    severity: 'warning',
    message: `Signed in to ${signedIn.line.label}, but the server did not confirm the logout of the line's previous session key (${untrusted(signedIn.revokeFailure, 200)}). That key may still be valid on the server.`,
  });
}
