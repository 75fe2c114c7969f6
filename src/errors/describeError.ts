/**
 * The one place errors become words: what the user is shown for anything thrown, and what goes to the log.
 * No `vscode` import, so views and commands share it and it is unit-tested in plain Node.
 */
import { ZipwhipError } from '../api/errors';
import { isPromptCancelled } from '../prompts/prompter';
import { UserFacingError } from './userFacingError';

export type ErrorAction = 'Sign In' | 'Show Log' | 'Retry' | 'Start Sandbox';

export interface DescribedError {
  /** One readable sentence for a toast: never a stack, a key or a password. */
  readonly text: string;
  /** More for the log (schema issues, the head of a body). */
  readonly detail: string;
  readonly action?: ErrorAction;
  readonly silent: boolean;
}

/** The message of anything thrown, for a log line. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Turns anything thrown into what the user is shown. */
export function describeError(error: unknown): DescribedError {
  if (isPromptCancelled(error)) return { text: 'The prompt was dismissed.', detail: '', silent: true };
  if (error instanceof UserFacingError)
    return { text: error.message, detail: '', ...(error.action ? { action: error.action } : {}), silent: false };
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
        return { text: error.message, detail: 'detail' in error ? String(error.detail) : '', silent: false };
    }
  }
  const message = messageOf(error);
  return {
    text: `Something went wrong: ${firstLine(message)}`,
    detail: error instanceof Error ? (error.stack ?? message) : message,
    action: 'Show Log',
    silent: false,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
