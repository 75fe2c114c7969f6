import { HOOK_EVENTS, type HookEventSpec } from '../model/webhook';
import { COMMANDS } from '../constants';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { runSteps } from '../prompts/multiStep';
import { validateCount } from '../prompts/validators';
import { plural } from '../format';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { asNode } from './support/commandArguments';
import { UserFacingError } from '../errors/userFacingError';

const MAX_EVENTS = 50;

/** On the sandbox line (or one of its events): which event, how many times, then the sandbox delivers. */
export const simulateEvent: CommandDefinition = {
  id: COMMANDS.simulateEvent,
  async run(context, arg) {
    const node = asNode(arg);
    if (!context.sandbox.running) throw new UserFacingError('Simulate Event works on the sandbox line. Start the sandbox first (Zipwhip: Start Sandbox).');
    if (node && !context.sessions.isSandbox(node.line)) throw new UserFacingError('Simulate Event works on the sandbox line only: a real Zipwhip line fires its events when real messages arrive.');
    const title = 'Simulate Event (sandbox)';
    const answers = await runSteps<{ spec?: HookEventSpec; count?: number }>({ spec: node?.kind === 'event' ? node.spec : undefined }, [
      ...(node?.kind === 'event' ? [] : [async (state: { spec?: HookEventSpec; count?: number }, position: { step: number; totalSteps: number; canGoBack: boolean }) => {
        const spec = await context.prompter().pick({
          title, ...position,
          placeholder: 'Which event should the sandbox fire?',
          items: HOOK_EVENTS.map((e) => ({ label: e.event, description: `${e.type} · ${e.label}`, value: e })),
          active: state.spec,
        });
        return spec === BACK ? BACK : { ...state, spec };
      }]),
      async (state, position) => {
        const count = await context.prompter().input({
          title, ...position,
          prompt: `How many ${state.spec?.event ?? ''} events? (1 to ${MAX_EVENTS})`,
          value: state.count === undefined ? '1' : String(state.count),
          validate: (value) => validateCount(value, MAX_EVENTS),
        });
        return count === BACK ? BACK : { ...state, count: Number(count.trim()) };
      },
    ]);
    const { spec, count } = answers;
    if (!spec || count === undefined) throw new PromptCancelledError();
    const results = await withProgress(`Firing ${spec.type} ${spec.event} ×${count} on the sandbox…`, () => context.sandbox.fire(spec.type, spec.event, count));
    const delivered = results.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300).length;
    const hooks = new Set(results.map((r) => r.webhookId)).size;
    const summary = `${plural(results.length, 'delivery', 'deliveries')} to ${plural(hooks, 'hook')}; ${delivered} answered 2xx${delivered < results.length ? `, ${results.length - delivered} failed after retries` : ''}`;
    context.log.info('sandbox', `Fired ${spec.type} ${spec.event} ×${count}: ${summary}`);
    const message = results.length === 0
      ? `Fired ${spec.event} ×${count}, but no hook listens to ${spec.type} ${spec.event} on the sandbox line.`
      : `Fired ${spec.event} ×${count}: ${summary}.`;
    void context.prompter().notify({ severity: delivered < results.length ? 'warning' : 'info', message });
  },
};
