import * as vscode from 'vscode';
import { forwardSetting, forwardTimeoutMs, receiverPort } from '../config';
import { COMMANDS } from '../constants';
import { UserFacingError } from '../errors/userFacingError';
import { plural } from '../format';
import { runSteps } from '../prompts/multiStep';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { validatePort, validateWebhookUrl } from '../prompts/validators';
import { CATCH_ALL, reviewTargets, withCatchAll, type ForwardTable } from '../receiver/forwardRoutes';
import type { CommandDefinition } from './support/commandContext';

type Bind = '127.0.0.1' | '0.0.0.0';
type Mode = 'capture' | 'forward';

interface Answers {
  mode?: Mode;
  handler?: string;
  port?: number;
  host?: Bind;
}

/**
 * A local HTTP server that keeps every request: answering 200 (capture only), or forwarding each one to the
 * developer's handler (the routing table of zipwhip.receiver.forward, and the URL given here) and answering
 * with the handler's answer. Loopback by default; all interfaces only after an explicit choice and a warning.
 */
export const startReceiver: CommandDefinition = {
  id: COMMANDS.startReceiver,
  async run(context) {
    const configuredPort = receiverPort();
    const setting = forwardSetting();
    const routed = setting.table.size;
    const title = 'Start Receiver';
    const remembered = context.forwardTarget.get();
    const answers = await runSteps<Answers>({ handler: remembered }, [
      async (state, position) => {
        const mode = await context.prompter().pick<Mode>({
          title,
          ...position,
          placeholder: 'What should the receiver do with each request?',
          items: [
            { label: 'Capture only', description: 'Keep it and answer 200', value: 'capture' },
            {
              label: 'Forward to your handler',
              description:
                routed > 0
                  ? `zipwhip.receiver.forward (${plural(routed, 'route')})${remembered ? ` and ${remembered}` : ''}`
                  : (remembered ?? "Keep it, send it on, answer with your handler's answer"),
              value: 'forward',
            },
          ],
          active: state.mode ?? (remembered || routed > 0 ? 'forward' : 'capture'),
        });
        return mode === BACK ? BACK : { ...state, mode };
      },
      {
        when: (state) => state.mode === 'forward' && !setting.table.has(CATCH_ALL),
        step: async (state, position) => {
          const handler = await context.prompter().input({
            title,
            ...position,
            prompt:
              routed > 0
                ? "Your handler's URL for the events zipwhip.receiver.forward does not route (empty: those are captured only)"
                : "Your handler's URL (remembered for this workspace; an origin alone gets the captured path)",
            placeholder: 'http://localhost:3000/zipwhip',
            value: state.handler ?? '',
            validate: (value) => (value.trim() === '' && routed > 0 ? undefined : validateWebhookUrl(value)),
          });
          return handler === BACK ? BACK : { ...state, handler: handler.trim() === '' ? undefined : handler.trim() };
        },
      },
      async (state, position) => {
        const port = await context.prompter().input({
          title,
          ...position,
          prompt: 'The port to listen on',
          value: String(state.port ?? configuredPort),
          validate: validatePort,
        });
        return port === BACK ? BACK : { ...state, port: Number(port.trim()) };
      },
      async (state, position) => {
        const host = await context.prompter().pick<Bind>({
          title,
          ...position,
          placeholder: 'Who may send requests to it?',
          items: [
            { label: '127.0.0.1', description: 'This machine only (recommended)', value: '127.0.0.1' },
            { label: '0.0.0.0', description: 'All network interfaces: reachable from other machines', value: '0.0.0.0' },
          ],
          active: state.host ?? '127.0.0.1',
        });
        return host === BACK ? BACK : { ...state, host };
      },
    ]);
    const port = answers.port ?? configuredPort;
    const host = answers.host ?? '127.0.0.1';
    let table: ForwardTable | undefined;
    if (answers.mode === 'forward') {
      if (answers.handler !== undefined) await context.forwardTarget.set(answers.handler);
      const review = reviewTargets(withCatchAll(setting.table, answers.handler), setting.workspaceOnly);
      if (review.refused.length > 0) {
        context.log.warn(
          'receiver',
          `Not forwarding to ${review.refused.join(', ')}: named only by the workspace's settings and not on this machine`,
        );
        void context.prompter().notify({
          severity: 'warning',
          message: `Not forwarding to ${review.refused.join(', ')}: only this workspace's settings name it and it is not on this machine. Put it in your user settings to use it.`,
        });
      }
      if (review.toConfirm.length > 0) {
        const confirmed = await context.prompter().confirm({
          message: `Forward captured messages to ${review.toConfirm.join(', ')}?`,
          detail:
            'These handlers are not on this machine. Message bodies and phone numbers are personal data: they would leave this machine.',
          confirmLabel: 'Forward',
        });
        if (!confirmed) throw new PromptCancelledError();
      }
      if (review.table.size === 0)
        throw new UserFacingError('There is no handler to forward to: give its URL, or set zipwhip.receiver.forward.');
      table = review.table;
    }
    if (host === '0.0.0.0') {
      const confirmed = await context.prompter().confirm({
        message: `Listen on all network interfaces, port ${port}?`,
        detail:
          'Anyone who can reach this machine can then send requests to the receiver, and everything they send is kept in the Deliveries view. Zipwhip itself can only reach it through a public address or tunnel.',
        confirmLabel: 'Listen on All Interfaces',
      });
      if (!confirmed) throw new PromptCancelledError();
    }
    let url: string;
    try {
      url = await context.receiver.start({ host, port, ...(table ? { forward: { table, timeoutMs: forwardTimeoutMs() } } : {}) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE')
        throw new UserFacingError(`Port ${port} is already in use. Start the receiver on another port (0 picks a free one).`);
      if (code === 'EACCES') throw new UserFacingError(`Port ${port} needs more privileges. Choose a port above 1023.`);
      throw error;
    }
    const routes = table ? [...table].map(([key, targets]) => `${key} → ${targets.join(', ')}`).join('; ') : '';
    context.log.info(
      'receiver',
      `Receiver listening on ${host}:${new URL(url).port}${table ? `, forwarding ${routes}` : ', capture only'}`,
    );
    for (const problem of setting.problems) context.log.warn('receiver', `zipwhip.receiver.forward: ${problem}`);
    await vscode.commands.executeCommand(COMMANDS.showCaptures);
  },
};
