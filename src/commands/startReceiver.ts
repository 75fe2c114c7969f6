import * as vscode from 'vscode';
import { receiverPort } from '../config';
import { COMMANDS } from '../constants';
import { UserFacingError } from '../errors/userFacingError';
import { runSteps } from '../prompts/multiStep';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import { validatePort } from '../prompts/validators';
import type { CommandDefinition } from './support/commandContext';

type Bind = '127.0.0.1' | '0.0.0.0';

/**
 * A local HTTP server that answers 200 and keeps every request. Loopback by default; all interfaces only
 * after an explicit choice and a warning.
 */
export const startReceiver: CommandDefinition = {
  id: COMMANDS.startReceiver,
  async run(context) {
    const configured = receiverPort();
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
      if (code === 'EADDRINUSE') throw new UserFacingError(`Port ${port} is already in use. Start the receiver on another port (0 picks a free one).`);
      if (code === 'EACCES') throw new UserFacingError(`Port ${port} needs more privileges. Choose a port above 1023.`);
      throw error;
    }
    context.log.info('receiver', `Receiver listening on ${host}:${new URL(url).port}`);
    await vscode.commands.executeCommand(COMMANDS.showCaptures);
  },
};
