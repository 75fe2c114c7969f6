import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { CommandDefinition } from './support/commandContext';
import { payloadDocument } from './support/payloadArgument';

/** A diff of the payload as captured (or generated) against the edited one. */
export const comparePayloadWithOriginal: CommandDefinition = {
  id: COMMANDS.comparePayloadWithOriginal,
  async run(context, arg) {
    const { document, origin } = await payloadDocument(context, arg);
    const original = context.documents.add('original.json', origin.original);
    const what = origin.kind === 'capture' ? `${origin.method} ${origin.path.split('?')[0] ?? ''}` : `${origin.type} ${origin.event}`;
    await vscode.commands.executeCommand('vscode.diff', original, document.uri, `Original ↔ Edited (${what})`);
  },
};
