/** An error whose message is written for the user as it stands (e.g. "No line is signed in."). */
export class UserMessage extends Error {
  constructor(message: string, readonly action?: 'Sign In' | 'Show Log') {
    super(message);
    this.name = 'UserMessage';
  }
}
