import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';
import { pickHookToCall } from './support/pickHook';

/** DNS, TCP, TLS, the certificate, then the HTTP status for the hook's method; the report opens read-only. */
export const checkEndpoint: CommandDefinition = {
  id: COMMANDS.checkEndpoint,
  async run(context, arg) {
    const { hook, url } = await pickHookToCall(context, arg, 'Check Endpoint');
    const host = url.host;
    // node:tls and node:dns, loaded for the first check only.
    const { checkEndpoint: runCheck, renderEndpointReport } = await import('../endpoint/endpointCheck.js');
    const report = await withProgress(`Checking ${host}…`, (signal) =>
      runCheck(hook.url, hook.method, { timeoutMs: requestTimeoutMs(), signal, type: hook.type, event: hook.event }),
    );
    context.log.info('endpoint', `Checked ${host}: ${report.steps.map((s) => `${s.name} ${s.severity}`).join(', ')}`);
    await context.documents.open(`Endpoint check ${host}.txt`, renderEndpointReport(report));
  },
};
