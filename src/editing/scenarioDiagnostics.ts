import * as vscode from 'vscode';
import type { PlacedProblem, TextRange } from '../scenarios/scenarioFile';
import type { ScenarioResult } from '../scenarios/player';
import { rangeAt } from './offsets';

/**
 * Problems in scenario files (a wrong property, an `of` naming nobody) and the steps that failed their
 * expectations in the last run, as diagnostics on the very step.
 */
export class ScenarioDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('zipwhip-scenarios');

  showProblems(uri: vscode.Uri, text: string, problems: readonly PlacedProblem[]): void {
    this.collection.set(
      uri,
      problems.map((p) => {
        const diagnostic = new vscode.Diagnostic(rangeAt(text, p.range.offset, p.range.length), p.message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = 'Zipwhip scenario';
        return diagnostic;
      }),
    );
  }

  showResult(uri: vscode.Uri, text: string, result: ScenarioResult, stepRanges: readonly TextRange[]): void {
    const diagnostics: vscode.Diagnostic[] = [];
    for (const step of result.steps) {
      if (step.passed) continue;
      const range = stepRanges[step.step] ?? { offset: 0, length: 0 };
      // On the step's first line: a multi-line step underlined whole reads as noise.
      const lineEnd = text.indexOf('\n', range.offset);
      const length = lineEnd === -1 ? range.length : Math.min(range.length, lineEnd - range.offset);
      const diagnostic = new vscode.Diagnostic(
        rangeAt(text, range.offset, length),
        `${step.label}: ${step.problems.join('; ')}`,
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'Zipwhip scenario run';
      diagnostics.push(diagnostic);
    }
    this.collection.set(uri, diagnostics);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }
}
