import { requestTimeoutMs } from '../config';
import { COMMANDS } from '../constants';
import { checkEndpoint as runCheck, renderEndpointReport } from '../endpoint/endpointCheck';
import type { CommandDefinition } from './commandContext';
import { withProgress } from './progress';
import { resolveHookToCall } from './targets';

/** DNS, TCP, TLS, the certificate, then the HTTP status for the hook's method; the report opens read-only. */
export const checkEndpoint: CommandDefinition = {
  id: COMMANDS.checkEndpoint,
  title: 'Check Endpoint',
  async run(context, arg) {
    const { hook, url } = await resolveHookToCall(context, arg, 'Check Endpoint');
    const host = url.host;
    const report = await withProgress(`Checking ${host}…`, (signal) =>
      runCheck(hook.url, hook.method, { timeoutMs: requestTimeoutMs(), signal, type: hook.type, event: hook.event }),
    );
    context.log.info('endpoint', `Checked ${host}: ${report.steps.map((s) => `${s.name} ${s.severity}`).join(', ')}`);
    await context.documents.open(`Endpoint check ${host}.txt`, renderEndpointReport(report));
  },
};
