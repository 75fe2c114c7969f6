import {
  BACK,
  PromptCancelledError,
  type Back,
  type ConfirmRequest,
  type InputRequest,
  type NotifyRequest,
  type PickManyRequest,
  type PickRequest,
  type Prompter,
  type SaveRequest,
} from '../../src/prompts/prompter';

/** An answer that presses Esc. */
export const ESC: unique symbol = Symbol('esc');
export type Esc = typeof ESC;
export { BACK };

/** One expected prompt and how to answer it. `expect` checks the request before answering. */
export type ScriptStep =
  | {
      readonly kind: 'input';
      readonly titleIncludes?: string;
      readonly answer: string | Back | Esc;
      readonly expect?: (request: InputRequest) => void;
    }
  | {
      readonly kind: 'pick';
      readonly titleIncludes?: string;
      readonly answer: (labels: string[]) => number | Back | Esc;
      readonly expect?: (request: PickRequest<unknown>) => void;
    }
  | {
      readonly kind: 'pickMany';
      readonly titleIncludes?: string;
      readonly answer: (labels: string[]) => number[] | Back | Esc;
      readonly expect?: (request: PickManyRequest<unknown>) => void;
    }
  | { readonly kind: 'confirm'; readonly answer: boolean; readonly expect?: (request: ConfirmRequest) => void }
  | { readonly kind: 'saveAs'; readonly answer: string | undefined; readonly expect?: (request: SaveRequest) => void };

/**
 * A Prompter that answers from a script and fails on any prompt it did not expect. What it was
 * asked, and every notification, is recorded for assertions.
 */
export class ScriptedPrompter implements Prompter {
  private readonly script: ScriptStep[];
  readonly asked: (InputRequest | PickRequest<unknown> | PickManyRequest<unknown> | ConfirmRequest | SaveRequest)[] = [];
  readonly notifications: NotifyRequest[] = [];
  readonly unexpected: string[] = [];
  private readonly notified: ((request: NotifyRequest) => void)[] = [];

  constructor(script: readonly ScriptStep[]) {
    this.script = [...script];
  }

  get remaining(): number {
    return this.script.length;
  }

  private next<K extends ScriptStep['kind']>(kind: K, title: string): Extract<ScriptStep, { kind: K }> {
    const step = this.script.shift();
    if (!step || step.kind !== kind) {
      const message = `Unexpected ${kind} prompt "${title}" (script expected ${step ? step.kind : 'nothing more'})`;
      this.unexpected.push(message);
      throw new Error(message);
    }
    if ('titleIncludes' in step && step.titleIncludes && !title.includes(step.titleIncludes)) {
      const message = `Prompt "${title}" does not mention "${step.titleIncludes}"`;
      this.unexpected.push(message);
      throw new Error(message);
    }
    return step as Extract<ScriptStep, { kind: K }>;
  }

  input(request: InputRequest): Promise<string | Back> {
    this.asked.push(request);
    const step = this.next('input', `${request.title} ${request.prompt ?? ''}`);
    step.expect?.(request);
    if (step.answer === ESC) return Promise.reject(new PromptCancelledError());
    if (step.answer === BACK) return Promise.resolve(BACK);
    const validation = request.validate?.(step.answer);
    if (validation?.severity === 'error') {
      this.unexpected.push(`Input "${step.answer}" was refused: ${validation.message}`);
      return Promise.reject(new Error(`Input refused by validation: ${validation.message}`));
    }
    return Promise.resolve(step.answer);
  }

  pick<T>(request: PickRequest<T>): Promise<T | Back> {
    this.asked.push(request);
    const step = this.next('pick', `${request.title} ${request.placeholder ?? ''}`);
    step.expect?.(request);
    const choice = step.answer(request.items.map((item) => item.label));
    if (choice === ESC) return Promise.reject(new PromptCancelledError());
    if (choice === BACK) return Promise.resolve(BACK);
    const item = request.items[choice];
    if (!item) return Promise.reject(new Error(`No item ${choice} in ${request.items.map((i) => i.label).join(', ')}`));
    return Promise.resolve(item.value);
  }

  pickMany<T>(request: PickManyRequest<T>): Promise<T[] | Back> {
    this.asked.push(request);
    const step = this.next('pickMany', `${request.title} ${request.placeholder ?? ''}`);
    step.expect?.(request);
    const choice = step.answer(request.items.map((item) => item.label));
    if (choice === ESC) return Promise.reject(new PromptCancelledError());
    if (choice === BACK) return Promise.resolve(BACK);
    const values: T[] = [];
    for (const index of choice) {
      const item = request.items[index];
      if (!item) return Promise.reject(new Error(`No item ${index} in ${request.items.map((i) => i.label).join(', ')}`));
      values.push(item.value);
    }
    return Promise.resolve(values);
  }

  confirm(request: ConfirmRequest): Promise<boolean> {
    this.asked.push(request);
    const step = this.next('confirm', request.message);
    step.expect?.(request);
    return Promise.resolve(step.answer);
  }

  saveAs(request: SaveRequest): Promise<string | undefined> {
    this.asked.push(request);
    const step = this.next('saveAs', request.title);
    step.expect?.(request);
    return Promise.resolve(step.answer);
  }

  notify(request: NotifyRequest): Promise<string | undefined> {
    this.notifications.push(request);
    for (const listener of this.notified.splice(0)) listener(request);
    return Promise.resolve(undefined);
  }

  /** Resolves with the next notification (or one already received since `since`). */
  nextNotification(since = 0, timeoutMs = 10_000): Promise<NotifyRequest> {
    const already = this.notifications[since];
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error('No notification arrived'));
      }, timeoutMs);
      this.notified.push((request) => {
        clearTimeout(timer);
        resolve(request);
      });
    });
  }
}

/** Picks the items whose labels are given. */
export const byLabels =
  (...wanted: string[]) =>
  (labels: string[]): number[] =>
    wanted.map((label) => byLabel(label)(labels));

/** Picks the item whose label equals `label`. */
export const byLabel =
  (label: string) =>
  (labels: string[]): number => {
    const index = labels.indexOf(label);
    if (index < 0) throw new Error(`No "${label}" among ${labels.join(', ')}`);
    return index;
  };
