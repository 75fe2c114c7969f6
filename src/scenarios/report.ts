/** A scenario's or a fixture's result as plain text lines: the Test Explorer's output and the terminal's. */
import type { FixtureResult } from './fixture';
import type { DeliveryRecord, ScenarioResult } from './player';
import { QUIRK_LABELS } from './chaos';

export function sendLines(record: DeliveryRecord): string[] {
  if (record.sends.length === 0) return [`  ${record.delivery.label}: not sent`];
  return record.sends.map((send) => {
    const answer = send.status === undefined ? `failed: ${send.failure ?? '?'}` : `HTTP ${send.status}`;
    const retries = send.attempts > 1 ? `, ${send.attempts} attempts` : '';
    return `  ${record.delivery.label}: ${send.method} ${send.url} → ${answer} in ${Math.round(send.totalMs)} ms${retries}`;
  });
}

export function scenarioLines(result: ScenarioResult): string[] {
  const quirks = [...result.chaos.quirks].map((q) => QUIRK_LABELS[q].label);
  const lines = [
    `${result.passed ? 'PASS' : 'FAIL'} ${result.name}${quirks.length > 0 ? ` (quirks: ${quirks.join(', ')}; seed ${result.chaos.seed})` : ''}`,
  ];
  for (const step of result.steps) {
    lines.push(` ${step.passed ? '✓' : '✗'} ${step.label}`);
    for (const record of step.deliveries) lines.push(...sendLines(record));
    for (const problem of step.problems) lines.push(`    ${problem}`);
  }
  return lines;
}

export function fixtureLines(name: string, result: FixtureResult): string[] {
  const send = result.send;
  const answer = send.status === undefined ? `failed: ${send.failure ?? '?'}` : `HTTP ${send.status}`;
  return [
    `${result.passed ? 'PASS' : 'FAIL'} ${name}: ${send.method} ${send.url} → ${answer} in ${Math.round(send.totalMs)} ms`,
    ...result.problems.map((p) => `    ${p}`),
  ];
}

/** Text for a Markdown table cell: no line breaks, no column breaks, no link brackets. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([|[\]`])/g, '\\$1');
}

/** The result as a Markdown document: each step, what it sent, what the handler answered to each send. */
export function scenarioMarkdown(result: ScenarioResult): string {
  const quirks = [...result.chaos.quirks].map((q) => QUIRK_LABELS[q].label);
  const lines = [
    `# Scenario ${cell(result.name)}: ${result.passed ? 'passed' : 'FAILED'}`,
    '',
    `${result.steps.filter((s) => s.passed).length} of ${result.steps.length} steps passed in ${Math.round(result.durationMs)} ms.${quirks.length > 0 ? ` Quirks: ${quirks.join(', ')}; seed ${result.chaos.seed} (the same seed repeats the run).` : ''}`,
    '',
  ];
  for (const step of result.steps) {
    lines.push(`## ${step.passed ? '✓' : '✗'} ${cell(step.label)}`, '');
    for (const problem of step.problems) lines.push(`- ${cell(problem)}`);
    if (step.problems.length > 0) lines.push('');
    lines.push('| sent | to | answer | time | attempts |', '| --- | --- | --- | --- | --- |');
    for (const record of step.deliveries) {
      if (record.sends.length === 0) lines.push(`| ${cell(record.delivery.label)} | (nobody) | not sent | | |`);
      for (const send of record.sends) {
        const answer = send.status === undefined ? `failed: ${send.failure ?? '?'}` : `HTTP ${send.status}`;
        lines.push(
          `| ${cell(record.delivery.label)} | ${cell(`${send.method} ${send.url}`)} | ${cell(answer)} | ${Math.round(send.totalMs)} ms | ${send.attempts} |`,
        );
      }
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
