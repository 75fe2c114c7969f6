import * as vscode from 'vscode';
import { maskPersonalData } from '../config';
import { COMMANDS } from '../constants';
import { maskCapture } from '../privacy/mask';
import { messageOf } from '../errors/describeError';
import { UserFacingError } from '../errors/userFacingError';
import { plural } from '../format';
import type { CommandDefinition } from './support/commandContext';
import { withProgress } from './support/progress';

/**
 * Writes the whole capture history as JSON (newest first) where the user chooses, through the editor's file
 * system, so a virtual workspace's folder works as well as a local one.
 */
export const exportCaptures: CommandDefinition = {
  id: COMMANDS.exportCaptures,
  async run(context) {
    const count = context.receiver.size;
    if (count === 0) throw new UserFacingError('There are no deliveries to export.');
    const what = plural(count, 'delivery', 'deliveries');
    const target = await context.prompter().saveAs({
      title: `Export ${what} as JSON`,
      defaultFileName: 'zipwhip-deliveries.json',
      filters: { JSON: ['json'] },
    });
    if (target === undefined) return;
    const uri = vscode.Uri.parse(target, true);
    const shown = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
    await withProgress(`Exporting ${what}…`, async () => {
      const bytes = await context.receiver.exportJson(maskPersonalData() ? maskCapture : undefined);
      try {
        await vscode.workspace.fs.writeFile(uri, bytes);
      } catch (error) {
        throw new UserFacingError(`Could not write ${shown}: ${error instanceof vscode.FileSystemError ? error.code : messageOf(error)}.`);
      }
    });
    context.log.info('receiver', `Exported ${what} to ${shown}`);
    void context.prompter().notify({ severity: 'info', message: `Exported ${what} to ${shown}.` });
  },
};
