import { HOOK_EVENTS, HOOK_METHODS, type HookEventSpec, type HookMethod, type Webhook } from '../model/webhook';
import { runSteps, type Step } from './multiStep';
import { BACK, type Prompter } from './prompter';
import { validateWebhookUrl } from './validators';

export interface LineChoice<L> {
  readonly line: L;
  readonly label: string;
  readonly description?: string;
}

export interface AddWebhookAnswers<L> {
  readonly line: L;
  readonly event: HookEventSpec;
  readonly url: string;
  readonly method: HookMethod;
}

const METHOD_DETAIL: Record<HookMethod, string> = {
  POST: 'JSON body (the default, and what most receivers expect)',
  PUT: 'JSON body, sent with PUT',
  GET: 'No body; the fields travel as query parameters',
};

function methodItems(): { label: string; description: string; value: HookMethod }[] {
  return HOOK_METHODS.map((method) => ({ label: method, description: METHOD_DETAIL[method], value: method }));
}

/**
 * Add: line (only when there is more than one), then event, then URL, then method (POST preselected).
 * `urlsFor` gives the URLs already installed for an event on a line, for the duplicate warning.
 */
export async function promptAddWebhook<L>(
  prompter: Prompter,
  options: {
    readonly lines: readonly LineChoice<L>[];
    readonly line?: L;
    readonly event?: HookEventSpec;
    readonly urlsFor: (line: L, event: HookEventSpec) => readonly string[];
  },
): Promise<AddWebhookAnswers<L>> {
  const title = 'Add Webhook';
  interface State {
    line?: L;
    event?: HookEventSpec;
    url?: string;
    method?: HookMethod;
  }
  const steps: Step<State>[] = [];
  const firstLine = options.lines[0];
  const fixedLine = options.line ?? (options.lines.length === 1 && firstLine ? firstLine.line : undefined);
  if (fixedLine === undefined) {
    steps.push(async (state, position) => {
      const line = await prompter.pick({
        title,
        ...position,
        placeholder: 'Which line should the webhook be added to?',
        items: options.lines.map((choice) => ({ label: choice.label, description: choice.description, value: choice.line })),
        active: state.line,
      });
      return line === BACK ? BACK : { ...state, line };
    });
  }
  if (options.event === undefined) {
    steps.push(async (state, position) => {
      const event = await prompter.pick({
        title,
        ...position,
        placeholder: 'Which event should call the webhook?',
        items: HOOK_EVENTS.map((spec) => ({ label: spec.event, description: `${spec.type} · ${spec.label}`, value: spec })),
        active: state.event,
      });
      return event === BACK ? BACK : { ...state, event };
    });
  }
  steps.push(async (state, position) => {
    const line = state.line ?? fixedLine;
    const event = state.event ?? options.event;
    const existing = line !== undefined && event !== undefined ? options.urlsFor(line, event) : [];
    const url = await prompter.input({
      title,
      ...position,
      prompt: event ? `The URL Zipwhip calls on ${event.type} ${event.event}` : 'The URL Zipwhip calls',
      placeholder: 'https://example.com/zipwhip/message/receive',
      value: state.url,
      validate: (value) => validateWebhookUrl(value, existing),
    });
    return url === BACK ? BACK : { ...state, url };
  });
  steps.push(async (state, position) => {
    const method = await prompter.pick({
      title,
      ...position,
      placeholder: 'Which HTTP method should Zipwhip use?',
      items: methodItems(),
      active: state.method ?? 'POST',
    });
    return method === BACK ? BACK : { ...state, method };
  });
  const initial: State = { line: fixedLine, event: options.event };
  const result = await runSteps(initial, steps);
  const line = result.line ?? fixedLine;
  const event = result.event ?? options.event;
  if (line === undefined || event === undefined || result.url === undefined || result.method === undefined) {
    throw new Error('The add webhook form ended incomplete.');
  }
  return { line, event, url: result.url, method: result.method };
}

/** Edit: URL then method, both prefilled with the current values. */
export async function promptEditWebhook(
  prompter: Prompter,
  hook: Webhook,
  otherUrlsForEvent: readonly string[],
): Promise<{ url: string; method: HookMethod }> {
  const title = `Edit Webhook (${hook.type} ${hook.event})`;
  interface State {
    url: string;
    method: HookMethod;
  }
  const current: HookMethod = (HOOK_METHODS as readonly string[]).includes(hook.method) ? (hook.method as HookMethod) : 'POST';
  const steps: Step<State>[] = [
    async (state, position) => {
      const url = await prompter.input({
        title,
        ...position,
        prompt: 'The URL Zipwhip calls',
        value: state.url,
        validate: (value) => validateWebhookUrl(value, otherUrlsForEvent),
      });
      return url === BACK ? BACK : { ...state, url };
    },
    async (state, position) => {
      const method = await prompter.pick({
        title,
        ...position,
        placeholder: `Which HTTP method should Zipwhip use? (now ${current})`,
        items: methodItems(),
        active: state.method,
      });
      return method === BACK ? BACK : { ...state, method };
    },
  ];
  return runSteps<State>({ url: hook.url, method: current }, steps);
}
