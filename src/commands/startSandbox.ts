import { SANDBOX_SERVER } from '../auth/lineRecord';
import { COMMANDS } from '../constants';
import { SandboxHost } from '../sandbox/sandboxHost';
import type { CommandDefinition } from './commandContext';
import { withProgress } from './progress';

/** Starts the built-in sandbox on a free loopback port and signs in to its demo line. */
export const startSandbox: CommandDefinition = {
  id: COMMANDS.startSandbox,
  title: 'Start Sandbox',
  async run(context) {
    const line = await withProgress('Starting the Zipwhip sandbox…', async (signal) => {
      const baseUrl = await context.sandbox.start();
      const existing = (await context.sessions.store.lines()).find((l) => l.server === SANDBOX_SERVER);
      if (existing && (await context.sessions.store.key(existing)) !== undefined) {
        const valid = await context.sessions.withSession(existing, (client, key) => client.listWebhooks(key, signal)).then(() => true, () => false);
        if (valid) return existing;
        await context.sessions.store.remove(existing);
      }
      const key = await context.sessions.client(baseUrl).login(SandboxHost.USERNAME, SandboxHost.PASSWORD, signal);
      return context.sessions.store.save(SANDBOX_SERVER, key, SandboxHost.USERNAME);
    });
    context.log.info('sandbox', `Sandbox running at ${context.sandbox.baseUrl ?? '?'}; signed in as ${line.label}`);
    await context.tree.refresh(line).catch(() => undefined);
  },
};
