/** An error whose message is written for the user as it stands (e.g. "No line is signed in."). */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly action?: 'Sign In' | 'Show Log' | 'Start Sandbox',
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}
