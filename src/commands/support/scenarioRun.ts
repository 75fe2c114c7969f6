import * as vscode from 'vscode';
import { UserFacingError } from '../../errors/userFacingError';
import type { ChaosOptions } from '../../scenarios/chaos';
import { systemClock } from '../../scenarios/directTransport';
import { playScenario, summarise, type ScenarioResult } from '../../scenarios/player';
import { scenarioMarkdown } from '../../scenarios/report';
import { SCENARIO_SUFFIX } from '../../scenarios/scenario';
import { loadScenarioText } from '../../scenarios/scenarioFile';
import { SandboxTransport } from '../../scenarios/sandboxTransport';
import type { CommandContext } from './commandContext';
import { withProgress } from './progress';

/** The scenario document a command acts on: the CodeLens's URI, else the active editor's. */
export async function scenarioDocument(arg: unknown): Promise<vscode.TextDocument> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri?.path.endsWith(SCENARIO_SUFFIX))
    throw new UserFacingError(`Open a scenario file (*${SCENARIO_SUFFIX}) first, or make one with Zipwhip: New Scenario.`);
  return vscode.workspace.openTextDocument(uri);
}

/**
 * Plays the document's scenario (unsaved edits included) through the extension's sandbox, to the demo line's
 * hooks: so through the receiver and its forwarding when hooks point there. Shows each step's progress, then
 * the result: a document, a diagnostic on each failed step, and a summary.
 */
export async function runScenarioDocument(
  context: CommandContext,
  document: vscode.TextDocument,
  chaos: ChaosOptions,
): Promise<ScenarioResult> {
  const text = document.getText();
  const loaded = loadScenarioText(text);
  if (!loaded.scenario) {
    context.diagnostics.showProblems(document.uri, text, loaded.problems);
    throw new UserFacingError(
      `The scenario has ${loaded.problems.length === 1 ? 'a problem' : `${loaded.problems.length} problems`}: ${loaded.problems[0]?.message ?? '?'} (see the Problems view).`,
    );
  }
  if (!context.sandbox.running) throw new UserFacingError('Run Scenario plays through the sandbox. Start it first.', 'Start Sandbox');
  const scenario = loaded.scenario;
  const sandbox = context.sandbox;
  const transport = new SandboxTransport(
    {
      fire: (type, event, count, options) => sandbox.fire(type, event, count, options),
      hooksFor: (type, event) => sandbox.hooksFor(type, event),
      lineName: sandbox.account.username,
    },
    chaos,
    systemClock,
  );
  const name = scenario.name ?? vscode.workspace.asRelativePath(document.uri);
  const result = await withProgress(`Playing ${name}…`, (signal, report) =>
    playScenario(scenario, {
      transport,
      clock: systemClock,
      chaos,
      signal,
      onDelivery: (record, done, total) => {
        const answers = record.sends.map((s) => (s.status === undefined ? 'failed' : String(s.status))).join(', ') || 'no hook';
        report(`${done} of ${total}: ${record.delivery.label}: ${answers}`, 100 / total);
      },
    }),
  );
  context.diagnostics.showResult(document.uri, text, result, loaded.stepRanges);
  context.log.info(
    'scenario',
    `${name}: ${result.passed ? 'passed' : 'failed'} (${summarise(result)})${chaos.quirks.size > 0 ? `, quirks ${[...chaos.quirks].join(', ')}, seed ${chaos.seed}` : ''}`,
  );
  await context.documents.open(`Scenario ${name.replace(/\.zipwhip-scenario\.json$/, '')}.md`, scenarioMarkdown(result));
  void context.prompter().notify({
    severity: result.passed ? 'info' : 'warning',
    message: `${name}: ${result.passed ? 'passed' : 'failed'}: ${summarise(result)}.${result.passed ? '' : ' The failed steps are marked in the file.'}`,
  });
  return result;
}
