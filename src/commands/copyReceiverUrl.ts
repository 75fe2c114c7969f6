import * as vscode from 'vscode';
import { receiverAllowedHosts } from '../config';
import { COMMANDS } from '../constants';
import { UserFacingError } from '../errors/userFacingError';
import type { CommandDefinition } from './support/commandContext';

/**
 * Copies the receiver's address as seen from where the user is: in Codespaces, Remote or code-server the editor
 * forwards the port, and asExternalUri gives the forwarded address instead of 127.0.0.1. That address's host is
 * then answered by the receiver (its Host check would refuse it otherwise).
 */
export const copyReceiverUrl: CommandDefinition = {
  id: COMMANDS.copyReceiverUrl,
  async run(context) {
    const url = context.receiver.url;
    if (url === undefined) throw new UserFacingError('The receiver is not running. Start it first (Zipwhip: Start Receiver…).');
    const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
    const text = external.toString(true);
    if (external.authority.toLowerCase() !== vscode.Uri.parse(url).authority.toLowerCase()) {
      context.receiver.setAllowedHosts([...receiverAllowedHosts(), external.authority.toLowerCase()]);
      context.log.info('receiver', `The receiver is forwarded as ${text}; requests naming ${external.authority} are answered`);
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 4000);
  },
};
