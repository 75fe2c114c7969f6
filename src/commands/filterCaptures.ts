import { COMMANDS } from '../constants';
import { HOOK_EVENTS } from '../model/webhook';
import { answered } from '../prompts/prompter';
import { STATUS_CLASSES, describeFilter, type CaptureFilter, type StatusClass } from '../views/captureFilter';
import type { CommandDefinition } from './support/commandContext';

type Dimension = 'event' | 'method' | 'status' | 'text' | 'clear';

/** Filters the Deliveries view by one more thing (event, method, the handler's status, or text); the others stay. */
export const filterCaptures: CommandDefinition = {
  id: COMMANDS.filterCaptures,
  async run(context) {
    const current = context.captures.filter;
    const title = 'Filter Deliveries';
    const now = (value: string | undefined): string => (value === undefined ? 'any' : value);
    const dimension = answered(
      await context.prompter().pick<Dimension>({
        title,
        placeholder: describeFilter(current) === '' ? 'Filter by…' : `Now: ${describeFilter(current)}. Filter by…`,
        items: [
          { label: 'Event', description: `now ${now(current.event?.replace(':', ' '))}`, value: 'event' },
          { label: 'Method', description: `now ${now(current.method)}`, value: 'method' },
          { label: 'Handler status', description: `now ${now(current.status)}`, value: 'status' },
          { label: 'Text in headers or body', description: current.text ? `now "${current.text}"` : 'now none', value: 'text' },
          { label: 'Clear the filter', description: 'Show every delivery', value: 'clear' },
        ],
      }),
    );
    const next = await (async (): Promise<CaptureFilter> => {
      switch (dimension) {
        case 'clear':
          return {};
        case 'event': {
          const event = answered(
            await context.prompter().pick<string | undefined>({
              title,
              placeholder: 'Which event?',
              items: [
                { label: 'Any event', value: undefined },
                ...HOOK_EVENTS.map((e) => ({ label: `${e.type} ${e.event}`, description: e.label, value: `${e.type}:${e.event}` })),
                { label: 'Not recognised', description: 'Neither the path nor the payload tells', value: 'unknown' },
              ],
              active: current.event,
            }),
          );
          return { ...current, event };
        }
        case 'method': {
          const seen = [...new Set(context.receiver.list().map((c) => c.method.toUpperCase()))].sort();
          const methods = [...new Set(['POST', 'PUT', 'GET', ...seen])];
          const method = answered(
            await context.prompter().pick<string | undefined>({
              title,
              placeholder: 'Which method?',
              items: [{ label: 'Any method', value: undefined }, ...methods.map((m) => ({ label: m, value: m }))],
              active: current.method,
            }),
          );
          return { ...current, method };
        }
        case 'status': {
          const status = answered(
            await context.prompter().pick<StatusClass | undefined>({
              title,
              placeholder: 'What did the handler answer?',
              items: [{ label: 'Any', value: undefined }, ...STATUS_CLASSES.map((s) => ({ label: s, value: s }))],
              active: current.status,
            }),
          );
          return { ...current, status };
        }
        case 'text': {
          const text = answered(
            await context
              .prompter()
              .input({ title, prompt: 'Text to find in the headers or the body (any case); empty for none', value: current.text ?? '' }),
          ).trim();
          return text === '' ? { ...current, text: undefined } : { ...current, text };
        }
      }
    })();
    context.captures.setFilter(next);
  },
};
