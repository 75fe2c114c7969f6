/** The result of an endpoint check, and its text for a read-only document. */

export type StepName = 'DNS' | 'TCP' | 'TLS' | 'Certificate' | 'HTTP';
export type Severity = 'ok' | 'warning' | 'error';

export interface EndpointStep {
  readonly name: StepName;
  /** The step did what it checks (resolved, connected, handshook, trusted, got a 2xx). */
  readonly ok: boolean;
  /** How much the user should care: a redirect is not ok, yet only a warning. */
  readonly severity: Severity;
  readonly summary: string;
  readonly details?: Readonly<Record<string, string>>;
  readonly ms: number;
}

export interface EndpointReport {
  readonly url: string;
  readonly method: string;
  /** ISO 8601. */
  readonly checkedAt: string;
  /** In order; a step that failed badly ends the check, so later steps may be missing. */
  readonly steps: readonly EndpointStep[];
  /** No step is an error. */
  readonly ok: boolean;
}

const MARK: Readonly<Record<Severity, string>> = { ok: '✓', warning: '⚠', error: '✗' };

export function renderEndpointReport(report: EndpointReport): string {
  const errors = report.steps.filter((s) => s.severity === 'error').length;
  const warnings = report.steps.filter((s) => s.severity === 'warning').length;
  const verdict =
    errors > 0
      ? `${errors} problem${errors === 1 ? '' : 's'} would stop Zipwhip's deliveries`
      : warnings > 0
        ? `reachable, with ${warnings} warning${warnings === 1 ? '' : 's'}`
        : 'ready for Zipwhip deliveries';
  const lines: string[] = [`# Endpoint check: ${report.method} ${report.url}`, `# ${report.checkedAt} — ${verdict}`, ''];
  for (const step of report.steps) {
    lines.push(`${MARK[step.severity]} ${step.name.padEnd(11)} ${step.summary}  (${Math.round(step.ms)} ms)`);
    for (const [name, value] of Object.entries(step.details ?? {})) {
      lines.push(`    ${name}: ${value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
