import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { answered } from '../prompts/prompter';
import { SCENARIO_SUFFIX } from '../scenarios/scenario';
import { starterScenarioText } from '../scenarios/starter';
import type { CommandDefinition } from './support/commandContext';
import { safeFileName, workspaceFolder, writeNewFile } from './support/workspaceFile';

/** Writes a starting scenario (a reservation, its reply and its progress, a STOP) and opens it. */
export const newScenario: CommandDefinition = {
  id: COMMANDS.newScenario,
  async run(context) {
    const folder = workspaceFolder('a scenario');
    const name = answered(
      await context.prompter().input({
        title: 'New Scenario',
        prompt: `The scenario's name (the file is <name>${SCENARIO_SUFFIX} in the workspace)`,
        value: 'reservation',
        validate: (value) => (value.trim() === '' ? { severity: 'error', message: 'Enter a name.' } : undefined),
      }),
    ).trim();
    const uri = vscode.Uri.joinPath(folder, `${safeFileName(name)}${SCENARIO_SUFFIX}`);
    await writeNewFile(uri, starterScenarioText(name));
    context.log.info('scenario', `Wrote ${vscode.workspace.asRelativePath(uri)}`);
  },
};
