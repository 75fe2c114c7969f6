/**
 * A scenario file (`*.zipwhip-scenario.json`): a whole SMS exchange played to the handler, step by step. The
 * JSON Schema in media/schemas/zipwhip-scenario.schema.json gives the editor completion and diagnostics; this is
 * the same contract for the code, plus the checks a schema cannot make (an `of` names an earlier `as`).
 */
import type * as z from 'zod/mini';
import { lazySchema } from '../model/schema';

export const SCENARIO_SUFFIX = '.zipwhip-scenario.json';

export const STEP_EVENTS = ['receive', 'send', 'progress', 'read', 'delete', 'change'] as const;
export type StepEvent = (typeof STEP_EVENTS)[number];

const statusExpectation = lazySchema((z) =>
  z.union([
    z.int().check(z.minimum(100), z.maximum(599)),
    z.string().check(z.regex(/^[1-5]xx$/, 'expected a status such as 200 or a class such as "2xx"')),
    z.array(z.union([z.int().check(z.minimum(100), z.maximum(599)), z.string().check(z.regex(/^[1-5]xx$/))])).check(z.minLength(1)),
  ]),
);

export const expectationSchema = lazySchema((z) =>
  z.strictObject({
    /** 200, "2xx", or any of a list. */
    status: z.optional(statusExpectation),
    /** Each send of the step answered within this time (retries included). */
    withinMs: z.optional(z.int().check(z.positive())),
    /** The handler's answer contains this text. */
    bodyContains: z.optional(z.string()),
  }),
);
export type Expectation = z.infer<typeof expectationSchema>;

const NAME = /^[A-Za-z][\w-]{0,63}$/;

export const stepSchema = lazySchema((z) =>
  z.strictObject({
    /** Shown in results; default `<n>. <event>`. */
    name: z.optional(z.string()),
    event: z.enum(STEP_EVENTS),
    /** `message` for every event but `change`, whose type is `optout`. */
    type: z.optional(z.enum(['message', 'optout'])),
    /** The text of the message. */
    body: z.optional(z.string()),
    /** Names the message of this step, for later steps' `of`. */
    as: z.optional(z.string().check(z.regex(NAME, 'a name such as "reply"'))),
    /** The earlier message (its `as`) this step is about: same id, fingerprint and contact. */
    of: z.optional(z.string().check(z.regex(NAME, 'the name an earlier step gave with "as"'))),
    /** The statusCode field; a list sends one delivery per code, in order (progress: [1, 2, 4]). */
    statusCode: z.optional(z.union([z.int(), z.array(z.int()).check(z.minLength(1), z.maxLength(20))])),
    /** Wait this long before the step. */
    delayMs: z.optional(z.int().check(z.nonnegative(), z.maximum(600_000))),
    /** Play the step this many times (a new message each time, unless it is `of` one). */
    repeat: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
    /** Any payload field, set last: the scenario's own data. */
    fields: z.optional(z.record(z.string(), z.unknown())),
    expect: z.optional(expectationSchema),
  }),
);
export type ScenarioStep = z.infer<typeof stepSchema>;

export const scenarioSchema = lazySchema((z) =>
  z.strictObject({
    /** Editors may point the file at the schema; nothing reads it. */
    $schema: z.optional(z.string()),
    name: z.optional(z.string()),
    /** The line (its phone number): the sandbox account the events are played on. */
    line: z.string().check(z.minLength(1)),
    /** The other party, the same for every step. */
    contact: z.string().check(z.minLength(1)),
    /** Where the Test Explorer and the terminal send it (else the forwarding setting). */
    target: z.optional(z.string()),
    /** The payload shape, default 2020. */
    shape: z.optional(z.enum(['2020', '2015'])),
    /** Default expectation of every step that has none. */
    expect: z.optional(expectationSchema),
    steps: z.array(stepSchema).check(z.minLength(1), z.maxLength(500)),
  }),
);
export type Scenario = z.infer<typeof scenarioSchema>;

/** A problem found in a scenario, on a step when it concerns one (index into `steps`). */
export interface ScenarioProblem {
  readonly message: string;
  readonly step?: number;
  /** The property of the step (or of the scenario) it concerns, for a precise diagnostic. */
  readonly property?: string;
}

/** The event type of a step. */
export function stepType(step: ScenarioStep): 'message' | 'optout' {
  return step.type ?? (step.event === 'change' ? 'optout' : 'message');
}

/** The checks a schema cannot make: names, and types that fit the events. */
export function checkScenario(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const named = new Map<string, StepEvent>();
  scenario.steps.forEach((step, index) => {
    const type = stepType(step);
    if ((step.event === 'change') !== (type === 'optout')) {
      problems.push({
        step: index,
        property: 'type',
        message:
          step.event === 'change'
            ? 'A change step is an optout event: use "type": "optout" or leave type out.'
            : `A ${step.event} step is a message event: use "type": "message" or leave type out.`,
      });
    }
    if (step.of !== undefined && !named.has(step.of)) {
      problems.push({
        step: index,
        property: 'of',
        message: `"of": "${step.of}" names no earlier step: give a step before it "as": "${step.of}".`,
      });
    }
    if (step.of !== undefined && step.event === 'receive') {
      problems.push({ step: index, property: 'of', message: 'A receive step is a new inbound message: it cannot be "of" another one.' });
    }
    if (step.as !== undefined) {
      if (named.has(step.as))
        problems.push({ step: index, property: 'as', message: `"as": "${step.as}" is already the name of an earlier step.` });
      if (step.of !== undefined)
        problems.push({ step: index, property: 'as', message: 'A step that is "of" an earlier message cannot name a new one with "as".' });
      if ((step.repeat ?? 1) > 1)
        problems.push({ step: index, property: 'as', message: 'A repeated step makes several messages: it cannot name one with "as".' });
      named.set(step.as, step.event);
    }
  });
  return problems;
}

/** Parses a scenario's value (already parsed JSON); problems carry zod's paths turned into steps. */
export function parseScenario(value: unknown): { scenario?: Scenario; problems: ScenarioProblem[] } {
  const parsed = scenarioSchema.safeParse(value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const [first, index, property] = issue.path;
        const where = issue.path.map(String).join('.');
        return first === 'steps' && typeof index === 'number'
          ? { step: index, ...(typeof property === 'string' ? { property } : {}), message: `${where}: ${issue.message}` }
          : { ...(typeof first === 'string' ? { property: first } : {}), message: `${where || '(root)'}: ${issue.message}` };
      }),
    };
  }
  return { scenario: parsed.data, problems: checkScenario(parsed.data) };
}
