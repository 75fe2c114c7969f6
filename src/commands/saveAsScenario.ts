import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { UserFacingError } from '../errors/userFacingError';
import { answered } from '../prompts/prompter';
import type { Capture } from '../receiver/captureStore';
import { scenarioFromCaptures } from '../scenarios/fromCaptures';
import { SCENARIO_SUFFIX } from '../scenarios/scenario';
import { captureRow } from '../views/captureRows';
import { asCapture } from './support/commandArguments';
import type { CommandDefinition } from './support/commandContext';
import { askKeepText } from './support/privacyChoice';
import { safeFileName, workspaceFolder, writeNewFile } from './support/workspaceFile';

/** One or more captures (the selected rows, or picked) as the steps of a new scenario file. */
export const saveAsScenario: CommandDefinition = {
  id: COMMANDS.saveAsScenario,
  async run(context, arg, selection) {
    const folder = workspaceFolder('a scenario');
    const title = 'Save as Scenario';
    const selected = Array.isArray(selection) ? selection.map(asCapture).filter((c): c is Capture => c !== undefined) : [];
    const clicked = asCapture(arg);
    let captures = selected.length > 0 ? selected : clicked ? [clicked] : [];
    if (captures.length === 0) {
      const all = context.receiver.list();
      if (all.length === 0) throw new UserFacingError('No delivery has been captured yet. Start the receiver and point a hook at it.');
      captures = answered(
        await context.prompter().pickMany({
          title,
          placeholder: 'Which deliveries become steps? (in the order they arrived)',
          items: all.map((c) => ({ label: captureRow(c).label, description: captureRow(c).description, value: c })),
        }),
      );
      if (captures.length === 0) return;
    }
    const name = answered(
      await context.prompter().input({
        title,
        step: 1,
        totalSteps: 2,
        prompt: `The scenario's name (the file is <name>${SCENARIO_SUFFIX} in the workspace)`,
        value: 'captured',
        validate: (value) => (value.trim() === '' ? { severity: 'error', message: 'Enter a name.' } : undefined),
      }),
    ).trim();
    const keepText = await askKeepText(context.prompter(), title, 2, 2);
    const text = scenarioFromCaptures(captures, { name, keepText });
    if (text === undefined)
      throw new UserFacingError('None of these deliveries is a recognised Zipwhip event, so there is no step to write.');
    const uri = vscode.Uri.joinPath(folder, `${safeFileName(name)}${SCENARIO_SUFFIX}`);
    await writeNewFile(uri, text);
    context.log.info('scenario', `Saved ${captures.length} deliveries as ${vscode.workspace.asRelativePath(uri)}`);
  },
};
