import { QUIRK_LABELS, QUIRKS, newSeed, type ChaosOptions, type Quirk } from '../scenarios/chaos';
import { runSteps } from './multiStep';
import { BACK, type Prompter } from './prompter';

/** Which of Zipwhip's delivery quirks a run adds, and the seed that makes it repeatable. */
export async function promptChaos(prompter: Prompter, title: string, previous?: ChaosOptions): Promise<ChaosOptions> {
  interface State {
    quirks?: Quirk[];
    seed?: number;
  }
  const result = await runSteps<State>({ quirks: previous ? [...previous.quirks] : undefined, seed: previous?.seed }, [
    async (state, position) => {
      const quirks = await prompter.pickMany<Quirk>({
        title,
        ...position,
        placeholder: "Which of Zipwhip's delivery quirks should this run have? (none: a clean run)",
        items: QUIRKS.map((q) => ({ label: QUIRK_LABELS[q].label, detail: QUIRK_LABELS[q].detail, value: q })),
        picked: state.quirks ?? [],
      });
      return quirks === BACK ? BACK : { ...state, quirks };
    },
    {
      when: (state) => (state.quirks ?? []).length > 0,
      step: async (state, position) => {
        const seed = await prompter.input({
          title,
          ...position,
          prompt: 'The seed: the same seed repeats the same duplicates, order and waits',
          value: String(state.seed ?? newSeed()),
          validate: (value) =>
            /^\d{1,10}$/.test(value.trim()) && Number(value.trim()) <= 2 ** 31
              ? undefined
              : { severity: 'error', message: 'Enter a whole number from 0 to 2147483648.' },
        });
        return seed === BACK ? BACK : { ...state, seed: Number(seed.trim()) };
      },
    },
  ]);
  return { quirks: new Set(result.quirks ?? []), seed: result.seed ?? newSeed() };
}
