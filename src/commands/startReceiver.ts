import * as vscode from 'vscode';
import { COMMANDS, DEFAULT_RECEIVER_PORT, SETTINGS } from '../constants';
import { runSteps } from '../prompts/multiStep';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import type { CommandDefinition } from './commandContext';
import { UserMessage } from './userMessage';

type Bind = '127.0.0.1' | '0.0.0.0';

export function validatePort(value: string): { severity: 'error'; message: string } | undefined {
  const port = Number(value.trim());
  return Number.isInteger(port) && port >= 0 && port <= 65535 && value.trim() !== ''
    ? undefined
    : { severity: 'error', message: 'Enter a port from 1 to 65535 (0 picks a free one).' };
}

/**
 * A local HTTP server that answers 200 and keeps every request. Loopback by default; all interfaces only
 * after an explicit choice and a warning.
 */
export const startReceiver: CommandDefinition = {
  id: COMMANDS.startReceiver,
  title: 'Start Receiver',
  async run(context) {
    const configured = vscode.workspace.getConfiguration(SETTINGS.section).get<number>(SETTINGS.receiverPort, DEFAULT_RECEIVER_PORT);
    const title = 'Start Receiver';
    const answers = await runSteps<{ port?: number; host?: Bind }>({}, [
      async (state, position) => {
        const port = await context.prompter().input({
          title, ...position,
          prompt: 'The port to listen on',
          value: String(state.port ?? configured),
          validate: validatePort,
        });
        return port === BACK ? BACK : { ...state, port: Number(port.trim()) };
      },
      async (state, position) => {
        const host = await context.prompter().pick<Bind>({
          title, ...position,
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
    const port = answers.port ?? configured;
    const host = answers.host ?? '127.0.0.1';
    if (host === '0.0.0.0') {
      const confirmed = await context.prompter().confirm({
        message: `Listen on all network interfaces, port ${port}?`,
        detail: 'Anyone who can reach this machine can then send requests to the receiver, and everything they send is kept in the Deliveries view. Zipwhip itself can only reach it through a public address or tunnel.',
        confirmLabel: 'Listen on All Interfaces',
      });
      if (!confirmed) throw new PromptCancelledError();
    }
    let url: string;
    try {
      url = await context.receiver.start({ host, port });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE') throw new UserMessage(`Port ${port} is already in use. Start the receiver on another port (0 picks a free one).`);
      if (code === 'EACCES') throw new UserMessage(`Port ${port} needs more privileges. Choose a port above 1023.`);
      throw error;
    }
    context.log.info('receiver', `Receiver listening on ${host}:${new URL(url).port}`);
    await vscode.commands.executeCommand(COMMANDS.showDeliveries);
  },
};
