/**
 * Plays deliveries through a sandbox: each one fired to the hooks of its event on the sandbox line, so it goes
 * where Zipwhip would send it (the receiver, and through it the handler, when a hook points there), with the
 * sandbox's retries. Run Scenario in the editor uses the extension's sandbox; the terminal an in-process one.
 */
import type { DeliveryResult, GivenPayload } from '../sandbox/fanout';
import type { FireOptions } from '../sandbox/server';
import { RETRY_LADDER_MS, type ChaosOptions } from './chaos';
import type { PlannedDelivery } from './plan';
import type { Clock, SendRecord, Transport } from './player';

/** What the transport needs of a sandbox: to fire one event with given payloads, and to name its hooks. */
export interface EventFirer {
  fire(type: string, event: string, count: number, options: FireOptions): Promise<DeliveryResult[]>;
  hooksFor(type: string, event: string): readonly unknown[];
  /** The line the hooks are on, for "no hook listens to … on …". */
  readonly lineName: string;
  /** Says better than "no hook listens" why an event reached nobody. */
  readonly noTarget?: (type: string, event: string) => string;
}

export function toSendRecord(result: DeliveryResult, cutOff: boolean): SendRecord {
  const last = result.attempts[result.attempts.length - 1];
  return {
    url: result.url,
    method: result.method,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.error === undefined ? {} : { failure: result.error }),
    totalMs: result.durationMs,
    bodyHead: last?.responseHead ?? '',
    attempts: result.attempts.length + (cutOff ? 1 : 0),
  };
}

export class SandboxTransport implements Transport {
  constructor(
    private readonly sandbox: EventFirer,
    private readonly chaos: ChaosOptions,
    private readonly clock: Clock,
  ) {}

  async send(delivery: PlannedDelivery): Promise<SendRecord[]> {
    const payload: GivenPayload = {
      json: delivery.json,
      headers: delivery.headers,
      ...(delivery.statusCode === undefined ? {} : { statusCode: delivery.statusCode }),
    };
    const options: FireOptions = {
      payloads: [payload],
      ...(delivery.method === 'GET' ? { method: 'GET' as const } : {}),
      ...(delivery.reset ? { cutOffFirst: true } : {}),
      ...(this.chaos.quirks.has('retries')
        ? {
            retry: {
              attempts: RETRY_LADDER_MS.length + 1,
              backoffMs: RETRY_LADDER_MS,
              sleep: (ms: number, signal?: AbortSignal) => this.clock.sleep(ms, signal),
            },
          }
        : {}),
    };
    const results = await this.sandbox.fire(delivery.type, delivery.event, 1, options);
    return results.map((r) => toSendRecord(r, delivery.reset));
  }

  describeNoTarget(delivery: PlannedDelivery): string {
    if (this.sandbox.noTarget) return this.sandbox.noTarget(delivery.type, delivery.event);
    return `no hook listens to ${delivery.type} ${delivery.event} on ${this.sandbox.lineName}: add one (or point one at the receiver)`;
  }
}
