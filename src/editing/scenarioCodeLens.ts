import * as vscode from 'vscode';
import { COMMANDS, COMMAND_TITLES } from '../constants';
import { SCENARIO_SUFFIX } from '../scenarios/scenario';

/** "Run Scenario" and "Run with Delivery Quirks…" above a scenario file. */
export class ScenarioCodeLens implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = { pattern: `**/*${SCENARIO_SUFFIX}` };

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: `$(play) ${COMMAND_TITLES[COMMANDS.runScenario]}`,
        command: COMMANDS.runScenario,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: COMMAND_TITLES[COMMANDS.runScenarioWithQuirks],
        command: COMMANDS.runScenarioWithQuirks,
        arguments: [document.uri],
      }),
    ];
  }
}
