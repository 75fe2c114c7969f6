import * as vscode from 'vscode';
import { isPayloadDocument, type PayloadOrigin } from '../../editing/payloadDocuments';
import { UserFacingError } from '../../errors/userFacingError';
import type { CommandContext } from './commandContext';

/** The payload document a command acts on: the CodeLens's or editor title's URI, else the active editor's. */
export async function payloadDocument(
  context: CommandContext,
  arg: unknown,
): Promise<{ document: vscode.TextDocument; origin: PayloadOrigin }> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || !isPayloadDocument(uri)) {
    throw new UserFacingError('Open a payload first: Edit and Replay on a delivery, or Simulate Event with "Edit payload first".');
  }
  const origin = await context.payloads.originOf(uri);
  if (!origin) throw new UserFacingError('This payload document no longer knows where it came from. Open it again with Edit and Replay.');
  return { document: await vscode.workspace.openTextDocument(uri), origin };
}
