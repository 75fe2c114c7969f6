import { BACK, type Back } from './prompter';

/** Where a step is: "step n of m" (only the steps that apply count), and whether Back is offered. */
export interface StepPosition {
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
}

export type Step<S> = (state: S, position: StepPosition) => Promise<S | Back>;

/** A step asked only when `when` holds for the answers so far (e.g. the handler's URL only when forwarding). */
export interface ConditionalStep<S> {
  readonly when: (state: S) => boolean;
  readonly step: Step<S>;
}

/**
 * Runs steps in order; a step that answers BACK goes to the previous step that applies. Every step gets the
 * answers given so far (including those of later steps, when the user came back), so going Back and forward
 * again shows what was typed before.
 */
export async function runSteps<S>(initial: S, steps: readonly (Step<S> | ConditionalStep<S>)[]): Promise<S> {
  const applies = (entry: Step<S> | ConditionalStep<S>, state: S): boolean => typeof entry === 'function' || entry.when(state);
  let state = initial;
  let index = 0;
  const visited: number[] = [];
  while (index < steps.length) {
    const entry = steps[index];
    if (entry === undefined) break;
    if (!applies(entry, state)) {
      index += 1;
      continue;
    }
    const live = steps.map((s, i) => ({ s, i })).filter(({ s }) => applies(s, state));
    const position = { step: live.findIndex(({ i }) => i === index) + 1, totalSteps: live.length, canGoBack: visited.length > 0 };
    const run = typeof entry === 'function' ? entry : entry.step;
    const result = await run(state, position);
    if (result === BACK) {
      const previous = visited.pop();
      if (previous !== undefined) index = previous;
      continue;
    }
    visited.push(index);
    state = result;
    index += 1;
  }
  return state;
}
