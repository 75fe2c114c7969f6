/**
 * Plays deliveries straight to a handler (the Test Explorer and the terminal, given a target): each delivery to
 * the target at `/zipwhip/<type>/<event>` when the target names only an origin, as the receiver forwards.
 */
import { buildDeliveryRequest, deliver } from '../deliveries/deliver';
import { sendCutOff } from '../deliveries/cutOff';
import { forwardUrl } from '../receiver/forwardRoutes';
import { RETRY_LADDER_MS, type ChaosOptions } from './chaos';
import type { PlannedDelivery } from './plan';
import type { Clock, SendRecord, Transport } from './player';

export interface DirectTransportOptions {
  /** One handler for every event, or the route of each event (`type:event`); undefined: nothing to send it to. */
  readonly target: string | ((event: string) => string | undefined);
  readonly chaos: ChaosOptions;
  readonly clock: Clock;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

const BODY_HEAD_CHARS = 2000;

export class DirectTransport implements Transport {
  constructor(private readonly options: DirectTransportOptions) {}

  private targetOf(delivery: PlannedDelivery): string | undefined {
    const { target } = this.options;
    return typeof target === 'string' ? target : target(`${delivery.type}:${delivery.event}`);
  }

  async send(delivery: PlannedDelivery, signal?: AbortSignal): Promise<SendRecord[]> {
    const target = this.targetOf(delivery);
    if (target === undefined) return [];
    const url = forwardUrl(target, `/zipwhip/${delivery.type}/${delivery.event}`);
    const request = buildDeliveryRequest({ method: delivery.method, url }, { json: delivery.json, headers: delivery.headers });
    const started = this.options.clock.now().getTime();
    let attempts = 0;
    if (delivery.reset) {
      attempts += 1;
      await sendCutOff(request, this.options.timeoutMs);
    }
    const ladder = this.options.chaos.quirks.has('retries') || delivery.reset ? RETRY_LADDER_MS : [];
    let outcome = await deliver(request, { timeoutMs: this.options.timeoutMs ?? 10_000, ...(signal ? { signal } : {}) });
    attempts += 1;
    for (const wait of ladder) {
      const ok = outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300 && outcome.error === undefined;
      if (ok || signal?.aborted) break;
      await this.options.clock.sleep(wait, signal).catch(() => undefined);
      outcome = await deliver(request, { timeoutMs: this.options.timeoutMs ?? 10_000, ...(signal ? { signal } : {}) });
      attempts += 1;
    }
    return [
      {
        url: request.url,
        method: request.method,
        ...(outcome.status === undefined ? {} : { status: outcome.status }),
        ...(outcome.error === undefined ? {} : { failure: outcome.error }),
        ...(outcome.timeToFirstByteMs === undefined ? {} : { timeToFirstByteMs: outcome.timeToFirstByteMs }),
        totalMs: Math.max(outcome.totalMs, this.options.clock.now().getTime() - started),
        bodyHead: outcome.responseBody.text.slice(0, BODY_HEAD_CHARS),
        attempts,
      },
    ];
  }

  describeNoTarget(delivery: PlannedDelivery): string {
    return this.targetOf(delivery) === undefined
      ? `no target for ${delivery.type} ${delivery.event}: give the file a "target", or route it in zipwhip.receiver.forward`
      : 'nothing was sent';
  }
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Error('aborted'));
        return;
      }
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        },
        { once: true },
      );
    }),
};
