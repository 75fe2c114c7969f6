import { BACK, type Back } from './prompter';

/**
 * Runs a list of steps in order; a step that answers BACK goes to the previous one. Every step gets
 * the answers given so far (including those of later steps, when the user came back), so going Back
 * and forward again shows what was typed before.
 */
export type Step<S> = (state: S, position: { step: number; totalSteps: number; canGoBack: boolean }) => Promise<S | Back>;

export async function runSteps<S>(initial: S, steps: readonly Step<S>[]): Promise<S> {
  let state = initial;
  let index = 0;
  while (index < steps.length) {
    const step = steps[index];
    if (step === undefined) break;
    const result = await step(state, { step: index + 1, totalSteps: steps.length, canGoBack: index > 0 });
    if (result === BACK) {
      if (index > 0) index -= 1;
      continue;
    }
    state = result;
    index += 1;
  }
  return state;
}
