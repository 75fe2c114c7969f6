import { COMMANDS } from '../constants';
import { generatePayload } from '../deliveries/payloads';
import { prettyBody } from '../model/bodyText';
import { UserFacingError } from '../errors/userFacingError';
import { HOOK_EVENTS, type HookEventSpec } from '../model/webhook';
import { promptChaos } from '../prompts/chaosForm';
import { runSteps, type Step } from '../prompts/multiStep';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { validateCount } from '../prompts/validators';
import { systemClock } from '../scenarios/directTransport';
import { playScenario, summarise } from '../scenarios/player';
import { scenarioMarkdown } from '../scenarios/report';
import { scenarioSchema } from '../scenarios/scenario';
import { SandboxTransport } from '../scenarios/sandboxTransport';
import { asNode } from './support/commandArguments';
import type { CommandDefinition } from './support/commandContext';
import { reportFiring } from './support/fireSummary';
import { withProgress } from './support/progress';

const MAX_EVENTS = 50;

type How = 'now' | 'edit' | 'quirks';

interface Answers {
  spec?: HookEventSpec;
  how?: How;
  count?: number;
}

/**
 * On the sandbox line (or one of its events): which event, then send it now, edit its payload first (Send in
 * the editor fires it), or with Zipwhip's delivery quirks; how many times; then the sandbox delivers.
 */
export const simulateEvent: CommandDefinition = {
  id: COMMANDS.simulateEvent,
  async run(context, arg) {
    const node = asNode(arg);
    if (!context.sandbox.running)
      throw new UserFacingError('Simulate Event works on the sandbox line. Start the sandbox first.', 'Start Sandbox');
    if (node && !context.sessions.isSandbox(node.line))
      throw new UserFacingError(
        'Simulate Event works on the sandbox line only: a real Zipwhip line fires its events when real messages arrive.',
      );
    const title = 'Simulate Event (sandbox)';
    const steps: Step<Answers>[] = [];
    if (node?.kind !== 'event') {
      steps.push(async (state, position) => {
        const spec = await context.prompter().pick({
          title,
          ...position,
          placeholder: 'Which event should the sandbox fire?',
          items: HOOK_EVENTS.map((e) => ({ label: e.event, description: `${e.type} · ${e.label}`, value: e })),
          active: state.spec,
        });
        return spec === BACK ? BACK : { ...state, spec };
      });
    }
    steps.push(async (state, position) => {
      const how = await context.prompter().pick<How>({
        title,
        ...position,
        placeholder: 'How?',
        items: [
          { label: 'Send now', description: 'A generated payload, as Zipwhip sent it', value: 'now' },
          { label: 'Edit payload first', description: 'Open it as JSON; Send in the editor fires it', value: 'edit' },
          { label: 'With delivery quirks…', description: 'Duplicates, shuffled progress, resets, retries… with a seed', value: 'quirks' },
        ],
        active: state.how ?? 'now',
      });
      return how === BACK ? BACK : { ...state, how };
    });
    const answers = await runSteps<Answers>({ spec: node?.kind === 'event' ? node.spec : undefined }, [
      ...steps,
      {
        when: (state) => state.how !== 'edit',
        step: async (state, position) => {
          const count = await context.prompter().input({
            title,
            ...position,
            prompt: `How many ${state.spec?.event ?? ''} events? (1 to ${MAX_EVENTS})`,
            value: state.count === undefined ? '1' : String(state.count),
            validate: (value) => validateCount(value, MAX_EVENTS),
          });
          return count === BACK ? BACK : { ...state, count: Number(count.trim()) };
        },
      },
    ]);
    const { spec, how } = answers;
    if (!spec || !how) throw new PromptCancelledError();
    if (how === 'edit') {
      const text = prettyBody(generatePayload({ type: spec.type, event: spec.event, line: context.sandbox.account.username }).json);
      await context.payloads.open(`simulate-${spec.type}-${spec.event}`, text, {
        kind: 'simulate',
        type: spec.type,
        event: spec.event,
        original: text,
      });
      return;
    }
    const count = answers.count ?? 1;
    if (how === 'now') {
      const results = await withProgress(`Firing ${spec.type} ${spec.event} ×${count} on the sandbox…`, () =>
        context.sandbox.fire(spec.type, spec.event, count),
      );
      reportFiring(context, `×${count}`, spec.type, spec.event, results);
      return;
    }
    const chaos = await promptChaos(context.prompter(), `${title}: delivery quirks`);
    const scenario = scenarioSchema.parse({
      line: context.sandbox.account.username,
      contact: '+12063996756',
      steps: [{ event: spec.event, type: spec.type, repeat: count }],
    });
    const sandbox = context.sandbox;
    const transport = new SandboxTransport(
      { fire: (t, e, c, o) => sandbox.fire(t, e, c, o), hooksFor: (t, e) => sandbox.hooksFor(t, e), lineName: sandbox.account.username },
      chaos,
      systemClock,
    );
    const result = await withProgress(`Firing ${spec.type} ${spec.event} ×${count} with quirks…`, (signal) =>
      playScenario({ ...scenario, name: `${spec.type} ${spec.event} ×${count}` }, { transport, clock: systemClock, chaos, signal }),
    );
    context.log.info(
      'sandbox',
      `Fired ${spec.type} ${spec.event} ×${count} with quirks ${[...chaos.quirks].join(', ') || 'none'} (seed ${chaos.seed}): ${summarise(result)}`,
    );
    await context.documents.open(`Simulated ${spec.event}.md`, scenarioMarkdown(result));
  },
};
