/**
 * Plays a scenario: its deliveries in order through a transport (the sandbox's hooks, or straight to a handler),
 * each after its wait, and judges every step against its expectations. The clock and the transport are given,
 * so tests play whole scenarios on a fake clock. Never throws for a failed delivery: failures are results.
 */
import { plural } from '../format';
import { ChaosDice, type ChaosOptions } from './chaos';
import { planScenario, type PlannedDelivery } from './plan';
import type { Expectation, Scenario } from './scenario';

/** One request a delivery made and what came of it (a hook of the sandbox, or the handler). */
export interface SendRecord {
  /** Where it went. */
  readonly url: string;
  readonly method: string;
  readonly status?: number;
  readonly failure?: string;
  readonly timeToFirstByteMs?: number;
  /** Retries included. */
  readonly totalMs: number;
  /** The head of the answer's body. */
  readonly bodyHead: string;
  /** Attempts made: more than one when a reset or a failure was retried. */
  readonly attempts: number;
}

export interface Transport {
  /** Sends one planned delivery; one record per hook (or target) it reached, none when nothing listens. */
  send(delivery: PlannedDelivery, signal?: AbortSignal): Promise<SendRecord[]>;
  /** Why nothing was reached, e.g. "no hook listens to message receive on 4257772300". */
  describeNoTarget(delivery: PlannedDelivery): string;
}

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface DeliveryRecord {
  readonly delivery: PlannedDelivery;
  readonly sends: readonly SendRecord[];
}

export interface StepResult {
  readonly step: number;
  readonly label: string;
  readonly deliveries: readonly DeliveryRecord[];
  readonly problems: readonly string[];
  readonly passed: boolean;
}

export interface ScenarioResult {
  readonly name: string;
  readonly steps: readonly StepResult[];
  readonly passed: boolean;
  readonly chaos: ChaosOptions;
  readonly durationMs: number;
}

export interface PlayOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly chaos: ChaosOptions;
  /** After each delivery (progress in the editor, a line in the terminal). */
  readonly onDelivery?: (record: DeliveryRecord, done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

function statusMatches(status: number, wanted: NonNullable<Expectation['status']>): boolean {
  const one = (w: number | string): boolean => (typeof w === 'number' ? status === w : String(status)[0] === w[0]);
  return Array.isArray(wanted) ? wanted.some(one) : one(wanted);
}

function describeWanted(wanted: NonNullable<Expectation['status']>): string {
  return Array.isArray(wanted) ? wanted.join(' or ') : String(wanted);
}

/** What is wrong with one send, judged by the expectation; empty when it meets it. */
export function judgeSend(send: SendRecord, expect: Expectation | undefined): string[] {
  if (!expect) return [];
  const problems: string[] = [];
  if (expect.status !== undefined) {
    if (send.status === undefined) problems.push(`expected ${describeWanted(expect.status)}, got no answer (${send.failure ?? 'failed'})`);
    else if (!statusMatches(send.status, expect.status)) problems.push(`expected ${describeWanted(expect.status)}, got ${send.status}`);
  }
  if (expect.withinMs !== undefined && send.totalMs > expect.withinMs)
    problems.push(`expected an answer within ${expect.withinMs} ms, took ${Math.round(send.totalMs)} ms`);
  if (expect.bodyContains !== undefined && !send.bodyHead.includes(expect.bodyContains))
    problems.push(`expected the answer to contain ${JSON.stringify(expect.bodyContains)}`);
  return problems;
}

export async function playScenario(scenario: Scenario, options: PlayOptions): Promise<ScenarioResult> {
  const started = options.clock.now().getTime();
  const deliveries = planScenario(scenario, new ChaosDice(options.chaos), options.clock.now());
  const records: DeliveryRecord[] = [];
  for (const [index, delivery] of deliveries.entries()) {
    if (options.signal?.aborted) break;
    if (delivery.delayMs > 0) await options.clock.sleep(delivery.delayMs, options.signal).catch(() => undefined);
    if (options.signal?.aborted) break;
    const record: DeliveryRecord = { delivery, sends: await options.transport.send(delivery, options.signal) };
    records.push(record);
    options.onDelivery?.(record, index + 1, deliveries.length);
  }
  const steps: StepResult[] = scenario.steps.map((step, index) => {
    const own = records.filter((r) => r.delivery.step === index);
    const problems: string[] = [];
    if (own.length === 0) problems.push(options.signal?.aborted ? 'not played: the run was stopped' : 'nothing was sent');
    for (const record of own) {
      if (record.sends.length === 0) problems.push(`${record.delivery.label}: ${options.transport.describeNoTarget(record.delivery)}`);
      for (const send of record.sends) {
        for (const problem of judgeSend(send, record.delivery.expect)) problems.push(`${record.delivery.label} → ${send.url}: ${problem}`);
      }
    }
    return {
      step: index,
      label: own[0]?.delivery.label.replace(/ \(statusCode -?\d+\)$/, '') ?? step.name ?? `${index + 1}. ${step.event}`,
      deliveries: own,
      problems,
      passed: problems.length === 0,
    };
  });
  return {
    name: scenario.name ?? `${scenario.line} ↔ ${scenario.contact}`,
    steps,
    passed: steps.every((s) => s.passed),
    chaos: options.chaos,
    durationMs: options.clock.now().getTime() - started,
  };
}

/** `3 of 6 steps passed`, for a summary line. */
export function summarise(result: ScenarioResult): string {
  const passed = result.steps.filter((s) => s.passed).length;
  const sends = result.steps.reduce((n, s) => n + s.deliveries.reduce((m, d) => m + d.sends.length, 0), 0);
  return `${passed} of ${plural(result.steps.length, 'step')} passed; ${plural(sends, 'request')} sent`;
}
