/**
 * A scenario played through a sandbox of its own (the terminal's and the Test Explorer's way, given a target):
 * a fresh in-process sandbox with the scenario's line, one hook per event the scenario fires, each pointing at
 * that event's target, then the scenario played to those hooks. Everything stops when it is done.
 */
import { randomUUID } from 'node:crypto';
import { ZipwhipClient } from '../api/client';
import { forwardUrl } from '../receiver/forwardRoutes';
import { SandboxServer } from '../sandbox/server';
import type { ChaosOptions } from './chaos';
import { playScenario, type Clock, type DeliveryRecord, type ScenarioResult } from './player';
import { stepType, type Scenario } from './scenario';
import { SandboxTransport } from './sandboxTransport';

export interface SandboxRunOptions {
  /** The target of an event (`type:event`), undefined when it has none. */
  readonly route: (event: string) => string | undefined;
  readonly chaos: ChaosOptions;
  readonly clock: Clock;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onDelivery?: (record: DeliveryRecord, done: number, total: number) => void;
}

export async function playOnOwnSandbox(scenario: Scenario, options: SandboxRunOptions): Promise<ScenarioResult> {
  const password = randomUUID();
  const sandbox = new SandboxServer({ accounts: [{ username: scenario.line, password }], seed: false });
  const baseUrl = await sandbox.start();
  try {
    const client = new ZipwhipClient({ baseUrl, timeoutMs: 5000 });
    const key = await client.login(scenario.line, password);
    const events = new Set(scenario.steps.map((step) => `${stepType(step)}:${step.event}`));
    for (const event of events) {
      const target = options.route(event);
      const [type, name] = event.split(':') as ['message' | 'optout', 'receive'];
      if (target !== undefined)
        await client.addWebhook(key, { type, event: name, url: forwardUrl(target, `/zipwhip/${type}/${name}`), method: 'POST' });
    }
    const transport = new SandboxTransport(
      {
        fire: (type, event, count, fire) =>
          sandbox.fireEvent(scenario.line, type, event, { timeoutMs: options.timeoutMs ?? 10_000, ...fire }),
        hooksFor: (type, event) => sandbox.hooks(scenario.line).filter((h) => h.type === type && h.event === event),
        lineName: scenario.line,
        noTarget: (type, event) =>
          `no target for ${type} ${event}: give the file a "target", or route the event in zipwhip.receiver.forward`,
      },
      options.chaos,
      options.clock,
    );
    return await playScenario(scenario, {
      transport,
      clock: options.clock,
      chaos: options.chaos,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
    });
  } finally {
    await sandbox.stop();
  }
}
