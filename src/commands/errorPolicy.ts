import { ZipwhipError } from '../api/errors';
import type { Log } from '../log';
import { UserMessage } from './userMessage';
import { PromptCancelledError, type Prompter } from '../prompts/prompter';

export interface DescribedError {
  /** One readable sentence for a toast: never a stack, a key or a password. */
  readonly text: string;
  /** More for the log (schema issues, the head of a body). */
  readonly detail: string;
  readonly action?: 'Sign In' | 'Show Log' | 'Retry';
  readonly silent: boolean;
}

/** Turns anything thrown into what the user is shown. The one place errors become words. */
export function describeError(error: unknown): DescribedError {
  if (error instanceof PromptCancelledError) return { text: error.message, detail: '', silent: true };
  if (error instanceof UserMessage) return { text: error.message, detail: '', ...(error.action ? { action: error.action } : {}), silent: false };
  if (error instanceof ZipwhipError) {
    switch (error.kind) {
      case 'cancelled':
        return { text: error.message, detail: '', silent: true };
      case 'sessionRejected':
        return { text: `${error.message} Sign in again to get a new session key.`, detail: '', action: 'Sign In', silent: false };
      case 'unexpectedResponse':
        return { text: error.message, detail: 'detail' in error ? String(error.detail) : '', action: 'Show Log', silent: false };
      case 'network':
        return { text: error.message, detail: '', action: 'Retry', silent: false };
      case 'api':
        return { text: error.message, detail: '', silent: false };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return { text: `Something went wrong: ${firstLine(message)}`, detail: error instanceof Error ? (error.stack ?? message) : message, action: 'Show Log', silent: false };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export interface ErrorPolicyActions {
  readonly signIn: () => Promise<void>;
  readonly showLog: () => void;
}

/**
 * The single error policy: Esc is silent; a rejected session offers "Sign In"; an unexpected response
 * offers "Show Log"; a network failure offers "Retry". The message is not awaited by the command, so a
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
      .notify({ severity: 'error', message: described.text, actions })
      .then(async (choice) => {
        if (choice === 'Sign In') await this.actions.signIn();
        else if (choice === 'Show Log') this.actions.showLog();
        else if (choice === 'Retry' && retry) await retry();
      })
      .catch((followUp: unknown) => {
        this.log.error('command', `${context}: the follow-up action failed: ${describeError(followUp).text}`);
      });
  }
}
