import { BACK, type Back } from './prompter';

/**
 * Runs a list of steps in order; a step that answers BACK goes to the previous one.
 * Each step gets its position for "step n of m" and whether Back is possible.
 */
export type Step<S> = (state: S, position: { step: number; totalSteps: number; canGoBack: boolean }) => Promise<S | Back>;

export async function runSteps<S>(initial: S, steps: readonly Step<S>[]): Promise<S> {
  const history: S[] = [initial];
  let index = 0;
  while (index < steps.length) {
    const step = steps[index];
    const state = history[index];
    if (step === undefined || state === undefined) break;
    const result = await step(state, { step: index + 1, totalSteps: steps.length, canGoBack: index > 0 });
    if (result === BACK) {
      if (index > 0) index -= 1;
      continue;
    }
    history[index + 1] = result;
    index += 1;
  }
  const final = history[steps.length];
  if (final === undefined) throw new Error('runSteps ended without a result');
  return final;
}
