import * as vscode from 'vscode';
import { COMMANDS, COMMAND_TITLES } from '../constants';
import { isPayloadDocument, PAYLOAD_SUFFIX } from './payloadDocuments';

/** "Send" and "Compare with Original" above an editable payload. */
export class PayloadCodeLens implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = { pattern: `**/*${PAYLOAD_SUFFIX}` };

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isPayloadDocument(document.uri)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: `$(send) ${COMMAND_TITLES[COMMANDS.sendPayload].replace(/…$/, '')}`,
        command: COMMANDS.sendPayload,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: COMMAND_TITLES[COMMANDS.comparePayloadWithOriginal],
        command: COMMANDS.comparePayloadWithOriginal,
        arguments: [document.uri],
      }),
    ];
  }
}
