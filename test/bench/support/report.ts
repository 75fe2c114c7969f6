/**
 * How a figure script hands its figures to test/bench/index.mjs: one line `BENCH-RESULT {"rows":[...]}` on
 * stdout (everything else it prints is shown as is). Shared by the TypeScript figure scripts; receiver.mjs writes
 * the same line by hand.
 */

/** One measured figure, printed beside its reference with a pass/miss mark. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Decimals to print the value with. */
  readonly digits: number;
  /** What the value is compared with, as text (e.g. "hello world 4 ms"). */
  readonly reference: string;
  /** The goal, as text (e.g. "<= 35 ms"). */
  readonly goal: string;
  readonly pass: boolean;
}

export function emitRows(rows: readonly BenchRow[]): void {
  console.log(`BENCH-RESULT ${JSON.stringify({ rows })}`);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function formatMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
