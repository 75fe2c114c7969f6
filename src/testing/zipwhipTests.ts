import * as vscode from 'vscode';
import { isLoopbackHost } from '../api/baseUrl';
import { forwardSetting, forwardTimeoutMs } from '../config';
import { describeError } from '../errors/describeError';
import { rangeAt } from '../editing/offsets';
import type { ScenarioDiagnostics } from '../editing/scenarioDiagnostics';
import type { Log } from '../log';
import type { Prompter } from '../prompts/prompter';
import { NO_CHAOS, type ChaosOptions } from '../scenarios/chaos';
import { DirectTransport, systemClock } from '../scenarios/directTransport';
import { FIXTURE_SUFFIX, loadFixtureText, runFixture } from '../scenarios/fixture';
import { playScenario } from '../scenarios/player';
import { fixtureLines, scenarioLines } from '../scenarios/report';
import { routeOf } from '../scenarios/routes';
import { SCENARIO_SUFFIX } from '../scenarios/scenario';
import { loadScenarioText } from '../scenarios/scenarioFile';

const SCENARIO_GLOB = `**/*${SCENARIO_SUFFIX}`;
const FIXTURE_GLOB = `**/.zipwhip/tests/**/*${FIXTURE_SUFFIX}`;
const EXCLUDE = '**/node_modules/**';

export interface TestsOptions {
  readonly log: Log;
  readonly prompter: () => Prompter;
  readonly diagnostics: ScenarioDiagnostics;
  /** Asks which quirks and seed a "with delivery quirks" run uses; undefined when the user cancelled. */
  readonly askChaos: () => Promise<ChaosOptions | undefined>;
}

export type TestOutcome = 'passed' | 'failed' | 'errored' | 'skipped';

type Outcomes = Map<string, { outcome: TestOutcome; messages: string[] }>;

/** The test run's calls this file makes, which also remember each item's outcome (the API cannot read them back). */
class RecordingRun {
  constructor(
    private readonly run: vscode.TestRun,
    readonly outcomes: Outcomes,
  ) {}

  private keep(item: vscode.TestItem, outcome: TestOutcome, message?: vscode.TestMessage | readonly vscode.TestMessage[]): void {
    const list: readonly vscode.TestMessage[] = message === undefined ? [] : message instanceof vscode.TestMessage ? [message] : message;
    this.outcomes.set(item.id, { outcome, messages: list.map((m) => (typeof m.message === 'string' ? m.message : m.message.value)) });
  }

  started(item: vscode.TestItem): void {
    this.run.started(item);
  }
  skipped(item: vscode.TestItem): void {
    this.keep(item, 'skipped');
    this.run.skipped(item);
  }
  passed(item: vscode.TestItem, duration?: number): void {
    this.keep(item, 'passed');
    this.run.passed(item, duration);
  }
  failed(item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number): void {
    this.keep(item, 'failed', message);
    this.run.failed(item, message, duration);
  }
  errored(item: vscode.TestItem, message: vscode.TestMessage | readonly vscode.TestMessage[], duration?: number): void {
    this.keep(item, 'errored', message);
    this.run.errored(item, message, duration);
  }
  appendOutput(text: string, item: vscode.TestItem): void {
    this.run.appendOutput(text, undefined, item);
  }
  end(): void {
    this.run.end();
  }
}

function output(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

async function readText(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

/**
 * The Test Explorer's Zipwhip tests: every scenario file (its steps as children) and every fixture in
 * `.zipwhip/tests/`. Running one sends it to the handler (the file's target, or the forwarding setting's route)
 * and shows pass, fail, duration and the difference.
 */
export class ZipwhipTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('zipwhip', 'Zipwhip');
  private readonly disposables: vscode.Disposable[] = [];
  private watching = false;

  constructor(private readonly options: TestsOptions) {
    this.controller.resolveHandler = async (item) => {
      if (item) await this.loadSteps(item);
      else await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    this.controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      async (request, token) => {
        await this.run(request, token, NO_CHAOS);
      },
      true,
    );
    this.controller.createRunProfile('Run with Delivery Quirks', vscode.TestRunProfileKind.Run, async (request, token) => {
      const chaos = await this.options.askChaos();
      if (chaos) await this.run(request, token, chaos);
    });
  }

  /**
   * Watches scenario and fixture files from the first discovery on (as VS Code's testing guide does): until the
   * Test Explorer or a command asks for the tests, nothing needs to follow the files, and activation stays light.
   */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    for (const glob of [SCENARIO_GLOB, FIXTURE_GLOB]) {
      const watcher = vscode.workspace.createFileSystemWatcher(glob);
      this.disposables.push(
        watcher,
        watcher.onDidCreate((uri) => {
          void this.add(uri);
        }),
        watcher.onDidChange((uri) => {
          void this.add(uri);
        }),
        watcher.onDidDelete((uri) => {
          this.controller.items.delete(uri.toString());
        }),
      );
    }
  }

  /** Lists every scenario and fixture of the workspace, and follows their files from then on. */
  async discover(): Promise<void> {
    this.watch();
    const [scenarios, fixtures] = await Promise.all([
      vscode.workspace.findFiles(SCENARIO_GLOB, EXCLUDE),
      vscode.workspace.findFiles(FIXTURE_GLOB, EXCLUDE),
    ]);
    const found = new Set([...scenarios, ...fixtures].map((u) => u.toString()));
    this.controller.items.forEach((item) => {
      if (!found.has(item.id)) this.controller.items.delete(item.id);
    });
    await Promise.all([...scenarios, ...fixtures].map((uri) => this.add(uri)));
  }

  private async add(uri: vscode.Uri): Promise<vscode.TestItem> {
    const isScenario = uri.path.endsWith(SCENARIO_SUFFIX);
    const name =
      uri.path
        .split('/')
        .pop()
        ?.replace(isScenario ? SCENARIO_SUFFIX : FIXTURE_SUFFIX, '') ?? uri.path;
    const item = this.controller.items.get(uri.toString()) ?? this.controller.createTestItem(uri.toString(), name, uri);
    item.description = isScenario ? 'scenario' : 'fixture';
    item.canResolveChildren = isScenario;
    this.controller.items.add(item);
    if (isScenario) await this.loadSteps(item);
    return item;
  }

  /** A scenario's steps as its children, each at its place in the file. */
  private async loadSteps(item: vscode.TestItem): Promise<void> {
    if (!item.uri?.path.endsWith(SCENARIO_SUFFIX)) return;
    let text: string;
    try {
      text = await readText(item.uri);
    } catch {
      return;
    }
    const loaded = loadScenarioText(text);
    item.error = loaded.problems.length > 0 ? loaded.problems.map((p) => p.message).join('\n') : undefined;
    const children: vscode.TestItem[] = [];
    loaded.scenario?.steps.forEach((step, index) => {
      const child = this.controller.createTestItem(
        `${item.id}#${index}`,
        step.name ?? `${index + 1}. ${step.event}${step.of ? ` of ${step.of}` : ''}`,
        item.uri,
      );
      const range = loaded.stepRanges[index];
      if (range) child.range = rangeAt(text, range.offset, range.length);
      children.push(child);
    });
    item.children.replace(children);
  }

  private async confirmTargets(targets: Set<string>): Promise<boolean> {
    const remote = [...targets].filter((t) => URL.canParse(t) && !isLoopbackHost(new URL(t).hostname));
    if (remote.length === 0) return true;
    return this.options.prompter().confirm({
      message: `Send test traffic to ${remote.join(', ')}?`,
      detail: 'These targets are not on this machine. The payloads are generated or masked, but they are real requests.',
      confirmLabel: 'Send',
    });
  }

  /** Runs the requested tests; resolves with each item's outcome (item id → outcome and messages). */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken, chaos: ChaosOptions): Promise<Outcomes> {
    const outcomes: Outcomes = new Map();
    const run = new RecordingRun(this.controller.createTestRun(request), outcomes);
    const files = new Map<string, vscode.TestItem>();
    const collect = (item: vscode.TestItem): void => {
      const file = item.parent ?? item;
      if (!request.exclude?.includes(file)) files.set(file.id, file);
    };
    if (request.include) request.include.forEach(collect);
    else this.controller.items.forEach(collect);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => {
      abort.abort();
    });
    try {
      const forward = forwardSetting();
      for (const file of files.values()) {
        if (token.isCancellationRequested) {
          run.skipped(file);
          continue;
        }
        await this.runFile(run, file, chaos, forward.table, abort.signal);
      }
    } finally {
      cancel.dispose();
      run.end();
    }
    return outcomes;
  }

  private async runFile(
    run: RecordingRun,
    file: vscode.TestItem,
    chaos: ChaosOptions,
    table: ReturnType<typeof forwardSetting>['table'],
    signal: AbortSignal,
  ): Promise<void> {
    const uri = file.uri;
    if (!uri) return;
    run.started(file);
    const started = Date.now();
    try {
      const text = await readText(uri);
      if (uri.path.endsWith(FIXTURE_SUFFIX)) {
        const { fixture, problem } = loadFixtureText(text);
        if (!fixture) {
          run.errored(file, new vscode.TestMessage(`Not a Zipwhip test fixture: ${problem ?? '?'}`));
          return;
        }
        const target = routeOf(fixture.target, table)(fixture.event ?? 'message:receive');
        if (target === undefined) {
          run.errored(file, new vscode.TestMessage('No target: give the fixture a "target", or set zipwhip.receiver.forward.'));
          return;
        }
        if (!(await this.confirmTargets(new Set([target])))) {
          run.skipped(file);
          return;
        }
        const result = await runFixture(fixture, target, { timeoutMs: forwardTimeoutMs(), signal });
        run.appendOutput(output(fixtureLines(file.label, result)), file);
        if (result.passed) run.passed(file, Date.now() - started);
        else run.failed(file, this.failure(result.problems, fixture.expect.status, result.send.status), Date.now() - started);
        return;
      }
      const loaded = loadScenarioText(text);
      if (!loaded.scenario) {
        this.options.diagnostics.showProblems(uri, text, loaded.problems);
        run.errored(
          file,
          loaded.problems.map((p) => {
            const message = new vscode.TestMessage(p.message);
            message.location = new vscode.Location(uri, rangeAt(text, p.range.offset, p.range.length));
            return message;
          }),
        );
        return;
      }
      const scenario = loaded.scenario;
      const route = routeOf(scenario.target, table);
      const targets = new Set(
        scenario.steps
          .map((s) => route(`${s.type ?? (s.event === 'change' ? 'optout' : 'message')}:${s.event}`))
          .filter((t): t is string => t !== undefined),
      );
      if (!(await this.confirmTargets(targets))) {
        run.skipped(file);
        return;
      }
      const steps = new Map<number, vscode.TestItem>();
      file.children.forEach((child) => steps.set(Number(child.id.slice(child.id.lastIndexOf('#') + 1)), child));
      for (const child of steps.values()) run.started(child);
      const transport = new DirectTransport({ target: route, chaos, clock: systemClock, timeoutMs: forwardTimeoutMs() });
      const result = await playScenario(scenario, { transport, clock: systemClock, chaos, signal });
      run.appendOutput(output(scenarioLines(result)), file);
      this.options.diagnostics.showResult(uri, text, result, loaded.stepRanges);
      for (const step of result.steps) {
        const child = steps.get(step.step);
        if (!child) continue;
        const duration = step.deliveries.reduce((sum, d) => sum + d.sends.reduce((m, s) => m + s.totalMs, 0), 0);
        if (step.passed) {
          run.passed(child, duration);
        } else {
          const failed = step.deliveries.flatMap((d) => d.sends).find((s) => s.status !== undefined);
          const message = this.failure(step.problems, scenario.steps[step.step]?.expect?.status ?? scenario.expect?.status, failed?.status);
          if (child.range) message.location = new vscode.Location(uri, child.range);
          run.failed(child, message, duration);
        }
      }
      if (result.passed) run.passed(file, Date.now() - started);
      else
        run.failed(file, new vscode.TestMessage(`${result.steps.filter((s) => !s.passed).length} step(s) failed.`), Date.now() - started);
    } catch (error) {
      const described = describeError(error);
      this.options.log.warn('tests', `${file.label}: ${described.text}`);
      run.errored(file, new vscode.TestMessage(described.text));
    }
  }

  /** The problems, with the expected and actual status as a difference when the status was the problem. */
  private failure(
    problems: readonly string[],
    wanted: number | string | readonly (number | string)[] | undefined,
    actual: number | undefined,
  ): vscode.TestMessage {
    const text = problems.join('\n');
    if (wanted !== undefined && actual !== undefined && problems.some((p) => p.includes(`got ${actual}`))) {
      return vscode.TestMessage.diff(text, `status ${Array.isArray(wanted) ? wanted.join(' or ') : String(wanted)}`, `status ${actual}`);
    }
    return new vscode.TestMessage(text);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.controller.dispose();
  }
}
