/**
 * The prompt seam: every question the extension asks goes through a Prompter. The editor uses
 * VsCodePrompter; integration tests install a scripted one through the test-only API that
 * activate() returns. No vscode import here, so forms and their tests stay plain.
 */

export type MessageSeverity = 'error' | 'warning' | 'info';

export interface Validation {
  readonly message: string;
  readonly severity: MessageSeverity;
}

export type Validator = (value: string) => Validation | undefined;

export interface StepInfo {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  /** Shows a Back button; choosing it resolves to BACK. */
  readonly canGoBack?: boolean;
}

export interface InputRequest extends StepInfo {
  readonly prompt?: string;
  readonly placeholder?: string;
  readonly value?: string;
  readonly password?: boolean;
  readonly validate?: Validator;
}

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

export interface PickRequest<T> extends StepInfo {
  readonly placeholder?: string;
  readonly items: readonly PickItem<T>[];
  /** The item shown highlighted first (e.g. the current method when editing). */
  readonly active?: T;
}

export interface PickManyRequest<T> extends StepInfo {
  readonly placeholder?: string;
  readonly items: readonly PickItem<T>[];
  /** The values checked at first. */
  readonly picked?: readonly T[];
}

export interface ConfirmRequest {
  readonly message: string;
  readonly detail?: string;
  /** The label of the button that confirms, e.g. "Delete". */
  readonly confirmLabel: string;
}

export interface NotifyRequest {
  readonly severity: MessageSeverity;
  readonly message: string;
  /** Buttons offered with the message; the chosen one is returned. */
  readonly actions?: readonly string[];
}

export interface SaveRequest {
  readonly title: string;
  readonly defaultFileName: string;
  /** e.g. { JSON: ['json'] } */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
}

/** A registered symbol, so a prompter from another bundle (the integration tests') means the same Back. */
export const BACK: unique symbol = Symbol.for('zipwhip.prompt.back');
export type Back = typeof BACK;

/**
 * The brand of a dismissed prompt. Registered, like BACK, because `instanceof` fails across bundles: the
 * integration tests' scripted prompter throws its own copy of the class.
 */
const CANCELLED = Symbol.for('zipwhip.prompt.cancelled');

/** Thrown when the user dismisses a prompt with Esc; the error policy keeps quiet about it. */
export class PromptCancelledError extends Error {
  readonly [CANCELLED] = true;
  constructor() {
    super('The prompt was dismissed.');
    this.name = 'PromptCancelledError';
  }
}

/** True for a PromptCancelledError of any bundle. */
export function isPromptCancelled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[CANCELLED] === true;
}

/** The answer of a prompt that shows no Back button: BACK cannot come, so treat it as Esc. */
export function answered<T>(answer: T | Back): T {
  if (answer === BACK) throw new PromptCancelledError();
  return answer;
}

export interface Prompter {
  /** Resolves with the accepted text, or BACK; throws PromptCancelledError on Esc. */
  input(request: InputRequest): Promise<string | Back>;
  /** Resolves with the chosen item's value, or BACK; throws PromptCancelledError on Esc. */
  pick<T>(request: PickRequest<T>): Promise<T | Back>;
  /** Several items at once (checkboxes); resolves with the chosen values (maybe none), or BACK; throws PromptCancelledError on Esc. */
  pickMany<T>(request: PickManyRequest<T>): Promise<T[] | Back>;
  /** A modal confirmation; true only when the confirm button was chosen. */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** A non-modal notification; resolves with the chosen action, or undefined when dismissed. */
  notify(request: NotifyRequest): Promise<string | undefined>;
  /** Where to save a file: a URI (`file:///…`, or a virtual workspace's scheme), or undefined when the user cancelled. */
  saveAs(request: SaveRequest): Promise<string | undefined>;
}
