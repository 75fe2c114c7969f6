import { plural } from '../../format';
import type { DeliveryResult } from '../../sandbox/fanout';
import type { CommandContext } from './commandContext';

/** Logs and shows what a firing on the sandbox did: deliveries, hooks, how many answered 2xx. */
export function reportFiring(context: CommandContext, what: string, type: string, event: string, results: readonly DeliveryResult[]): void {
  const delivered = results.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300).length;
  const hooks = new Set(results.map((r) => r.webhookId)).size;
  const summary = `${plural(results.length, 'delivery', 'deliveries')} to ${plural(hooks, 'hook')}; ${delivered} answered 2xx${delivered < results.length ? `, ${results.length - delivered} failed after retries` : ''}`;
  context.log.info('sandbox', `Fired ${type} ${event} ${what}: ${summary}`);
  const message =
    results.length === 0
      ? `Fired ${event} ${what}, but no hook listens to ${type} ${event} on the sandbox line.`
      : `Fired ${event} ${what}: ${summary}.`;
  void context.prompter().notify({ severity: delivered < results.length || results.length === 0 ? 'warning' : 'info', message });
}
