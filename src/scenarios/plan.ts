/**
 * A scenario as the list of deliveries it sends, in order: payloads with correlated ids (the message a `send`
 * names with `as` keeps its id, fingerprint and contact in its `progress`, `read` and `delete`), and the run's
 * quirks applied. Pure and deterministic for a scenario, a seed and a start time, so a run can be repeated.
 */
import { generatePayload, PAYLOAD_HEADERS } from '../deliveries/payloads';
import { seededRandom } from '../deliveries/payloads';
import { ChaosDice, LARGE_BODY_CHARS } from './chaos';
import { stepType, type Expectation, type Scenario, type ScenarioStep } from './scenario';

export interface PlannedDelivery {
  /** Index of the step in the scenario. */
  readonly step: number;
  /** `3. progress (statusCode 2)`, for results. */
  readonly label: string;
  readonly type: string;
  readonly event: string;
  /** The payload, ids exact. */
  readonly json: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly method: 'POST' | 'GET';
  readonly messageId: string;
  readonly statusCode?: number;
  /** The wait before this delivery starts: the step's delayMs (on its first delivery) plus a late-delivery quirk. */
  readonly delayMs: number;
  /** The second copy of the delivery before it (at-least-once delivery). */
  readonly duplicate: boolean;
  /** The first attempt is cut off mid-body. */
  readonly reset: boolean;
  readonly expect: Expectation | undefined;
}

interface Message {
  readonly id: bigint;
  readonly fingerprint: string;
  readonly direction: 'inbound' | 'outbound';
  readonly body: string | undefined;
}

const FIRST_MESSAGE_ID = 1327295480212647936n;

function stepLabel(step: ScenarioStep, index: number): string {
  return step.name ?? `${index + 1}. ${step.event}${step.of ? ` of ${step.of}` : ''}`;
}

function largeText(seedText: string): string {
  const unit = `${seedText || 'Large message'} `;
  return unit.repeat(Math.ceil(LARGE_BODY_CHARS / unit.length)).slice(0, LARGE_BODY_CHARS);
}

export function planScenario(scenario: Scenario, dice: ChaosDice, now: Date): PlannedDelivery[] {
  const random = seededRandom(dice.options.seed ^ 0x5eed);
  const contactId = 14543967707n + BigInt(Math.floor(random() * 1e6));
  const baseId = FIRST_MESSAGE_ID + BigInt(Math.floor(random() * 1e12));
  let nextId = 0n;
  const newMessage = (direction: Message['direction'], body: string | undefined): Message => ({
    id: baseId + nextId++,
    fingerprint: String(1_000_000_000 + Math.floor(random() * 2_000_000_000)),
    direction,
    body,
  });
  const named = new Map<string, Message>();
  const deliveries: PlannedDelivery[] = [];
  let elapsedMs = 0;

  scenario.steps.forEach((step, index) => {
    const type = stepType(step);
    const expect = step.expect ?? scenario.expect;
    for (let round = 0; round < (step.repeat ?? 1); round++) {
      const of = step.of === undefined ? undefined : named.get(step.of);
      const direction: Message['direction'] =
        of?.direction ?? (step.event === 'send' || step.event === 'progress' ? 'outbound' : 'inbound');
      const message = of ?? newMessage(direction, step.body);
      if (step.as !== undefined && round === 0) named.set(step.as, message);
      const codes = step.statusCode === undefined ? [undefined] : Array.isArray(step.statusCode) ? step.statusCode : [step.statusCode];
      const ordered = dice.order(codes);
      ordered.forEach((statusCode, codeIndex) => {
        const shape = dice.shape(scenario.shape ?? '2020');
        const delay = (round === 0 && codeIndex === 0 ? (step.delayMs ?? 0) : 0) + dice.delayMs();
        elapsedMs += delay;
        const text = step.body ?? message.body;
        const body = dice.has('largeBody') ? largeText(text ?? '') : text;
        const payload = generatePayload({
          type,
          event: step.event,
          shape,
          line: scenario.line,
          otherParty: scenario.contact,
          messageId: message.id,
          fingerprint: message.fingerprint,
          contactId,
          direction: message.direction,
          now: new Date(now.getTime() + elapsedMs),
          seed: dice.options.seed + index,
          ...(body === undefined ? {} : { body }),
          ...(statusCode === undefined ? {} : { statusCode }),
          ...(step.fields ? { fields: step.fields } : {}),
        });
        const planned: PlannedDelivery = {
          step: index,
          label: `${stepLabel(step, index)}${(step.repeat ?? 1) > 1 ? ` #${round + 1}` : ''}${statusCode === undefined || codes.length < 2 ? '' : ` (statusCode ${statusCode})`}`,
          type,
          event: step.event,
          json: payload.json,
          headers: PAYLOAD_HEADERS[shape],
          method: dice.has('get') ? 'GET' : 'POST',
          messageId: payload.messageId,
          ...(statusCode === undefined ? {} : { statusCode }),
          delayMs: delay,
          duplicate: false,
          reset: dice.reset(),
          expect,
        };
        deliveries.push(planned);
        if (dice.duplicate())
          deliveries.push({ ...planned, label: `${planned.label} (duplicate)`, delayMs: 0, duplicate: true, reset: false });
      });
    }
  });
  return deliveries;
}
