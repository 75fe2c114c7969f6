import { describeError } from '../../errors/describeError';
import { untrusted } from '../../errors/untrustedText';
import type { Log } from '../../log';
import type { Prompter } from '../../prompts/prompter';

export interface ErrorPolicyActions {
  readonly signIn: () => Promise<void>;
  readonly startSandbox: () => Promise<void>;
  readonly showLog: () => void;
}

/**
 * The single error policy: Esc is silent; a rejected session offers "Sign In"; an unexpected response
 * offers "Show Log"; a network failure offers "Retry". The whole text goes to the log, the toast shows it
 * with link syntax broken up and cut to a toast's length. The message is not awaited by the command, so a
 * command finishes while its message is still on screen.
 */
export class ErrorPolicy {
  constructor(
    private readonly prompter: () => Prompter,
    private readonly log: Log,
    private readonly actions: ErrorPolicyActions,
  ) {}

  report(error: unknown, context: string, retry?: () => Promise<void>): void {
    const described = describeError(error);
    if (described.silent) {
      this.log.info('command', `${context}: cancelled`);
      return;
    }
    this.log.error('command', `${context}: ${described.text}${described.detail ? `\n${described.detail}` : ''}`);
    const actions = described.action === 'Retry' && !retry ? ['Show Log'] : described.action ? [described.action] : [];
    void this.prompter()
      .notify({ severity: 'error', message: untrusted(described.text), actions })
      .then(async (choice) => {
        if (choice === 'Sign In') await this.actions.signIn();
        else if (choice === 'Start Sandbox') await this.actions.startSandbox();
        else if (choice === 'Show Log') this.actions.showLog();
        else if (choice === 'Retry' && retry) await retry();
      })
      .catch((followUp: unknown) => {
        this.log.error('command', `${context}: the follow-up action failed: ${describeError(followUp).text}`);
      });
  }
}
