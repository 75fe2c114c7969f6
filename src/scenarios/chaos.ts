/**
 * Zipwhip's delivery quirks, chosen per run and driven by a seed so a run can be repeated exactly: what a
 * handler meets in production and rarely in tests. Pure: every decision comes from the seeded generator.
 */
import { seededRandom } from '../deliveries/payloads';

export const QUIRKS = ['duplicates', 'outOfOrder', 'delay', 'reset', 'retries', 'shapes', 'get', 'largeBody'] as const;
export type Quirk = (typeof QUIRKS)[number];

export const QUIRK_LABELS: Readonly<Record<Quirk, { label: string; detail: string }>> = {
  duplicates: { label: 'Duplicates', detail: 'At-least-once delivery: some deliveries arrive twice.' },
  outOfOrder: { label: 'Progress out of order', detail: 'The statusCode steps of a message arrive shuffled.' },
  delay: { label: 'Late delivery', detail: 'A delay (up to 3 s) before some requests start.' },
  reset: { label: 'Reset connection', detail: 'Some requests are cut off mid-body; the retry follows.' },
  retries: { label: 'Retry ladder, compressed', detail: 'A failed delivery is retried at 0.25, 0.5, 1 and 2 s (Zipwhip: 72 hours).' },
  shapes: { label: '2015 and 2020 payloads', detail: 'Each delivery has one of the two documented shapes.' },
  get: { label: 'GET hook', detail: 'Deliveries come as GET with the payload in the query.' },
  largeBody: { label: 'Large body', detail: 'Message texts of 64 KB.' },
};

export interface ChaosOptions {
  readonly quirks: ReadonlySet<Quirk>;
  readonly seed: number;
}

export const NO_CHAOS: ChaosOptions = { quirks: new Set(), seed: 1 };

/** Waits of the compressed retry ladder (Zipwhip retried for 72 hours). */
export const RETRY_LADDER_MS: readonly number[] = [250, 500, 1000, 2000];
export const LARGE_BODY_CHARS = 64 * 1024;
const DUPLICATE_CHANCE = 0.4;
const DELAY_CHANCE = 0.5;
const MAX_DELAY_MS = 3000;
const RESET_CHANCE = 0.35;

/** The seeded decisions of one run, drawn in the order the player asks for them. */
export class ChaosDice {
  private readonly random: () => number;

  constructor(readonly options: ChaosOptions) {
    this.random = seededRandom(options.seed);
  }

  has(quirk: Quirk): boolean {
    return this.options.quirks.has(quirk);
  }

  /** Whether this delivery also arrives a second time. */
  duplicate(): boolean {
    return this.has('duplicates') && this.random() < DUPLICATE_CHANCE;
  }

  /** The wait before this request starts (0 without the quirk). */
  delayMs(): number {
    return this.has('delay') && this.random() < DELAY_CHANCE ? Math.round(this.random() * MAX_DELAY_MS) : 0;
  }

  /** Whether this request's first attempt is cut off mid-body. */
  reset(): boolean {
    return this.has('reset') && this.random() < RESET_CHANCE;
  }

  shape(fallback: '2020' | '2015'): '2020' | '2015' {
    if (!this.has('shapes')) return fallback;
    return this.random() < 0.5 ? '2015' : '2020';
  }

  /** The order of a message's statusCode steps: shuffled (never left as given when there are two or more). */
  order<T>(items: readonly T[]): T[] {
    const copy = [...items];
    if (!this.has('outOfOrder') || copy.length < 2) return copy;
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    if (copy.every((item, index) => item === items[index])) copy.push(copy.shift() as T);
    return copy;
  }
}

/** A seed for a new run: shown in the result, so the run can be repeated. */
export function newSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
