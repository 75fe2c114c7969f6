/**
 * A scenario file's text as a scenario, with every problem placed in the text (a diagnostic on the very step, or
 * on its property). Values are read with the lossless parser, so an id above 2^53 in a step's `fields` stays exact.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { parse as parseLossless, isSafeNumber, LosslessNumber } from 'lossless-json';
import { parseScenario, type Scenario, type ScenarioProblem } from './scenario';

export interface TextRange {
  readonly offset: number;
  readonly length: number;
}

export interface PlacedProblem extends ScenarioProblem {
  readonly range: TextRange;
}

export interface LoadedScenario {
  /** Only when the file has no problem at all. */
  readonly scenario?: Scenario;
  readonly problems: readonly PlacedProblem[];
  /** Where each step is in the text (for results and diagnostics after a run). */
  readonly stepRanges: readonly TextRange[];
}

/** Numbers as plain numbers where that is exact, LosslessNumber (written back exactly) where it is not. */
function reviveNumbers(value: unknown): unknown {
  if (value instanceof LosslessNumber) return isSafeNumber(value.value) ? Number(value.value) : value;
  if (Array.isArray(value)) return value.map(reviveNumbers);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = reviveNumbers(field);
    return out;
  }
  return value;
}

function rangeOf(node: Node | undefined): TextRange {
  return node ? { offset: node.offset, length: node.length } : { offset: 0, length: 0 };
}

export function loadScenarioText(text: string): LoadedScenario {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    return {
      problems: [
        {
          message: `Not valid JSON: ${first ? printParseErrorCode(first.error) : 'empty file'}.`,
          range: first ? { offset: first.offset, length: first.length } : { offset: 0, length: 0 },
        },
      ],
      stepRanges: [],
    };
  }
  let value: unknown;
  try {
    value = reviveNumbers(parseLossless(text));
  } catch (error) {
    return {
      problems: [{ message: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`, range: { offset: 0, length: 0 } }],
      stepRanges: [],
    };
  }
  const steps = findNodeAtLocation(tree, ['steps']);
  // A step's place is its "event" property (the line a reader looks for), else the whole step.
  const stepRanges = (steps?.type === 'array' ? (steps.children ?? []) : []).map((step) => {
    const event = findNodeAtLocation(step, ['event']);
    return rangeOf(event?.parent ?? step);
  });
  const parsed = parseScenario(value);
  const problems = parsed.problems.map((problem): PlacedProblem => {
    const path: (string | number)[] =
      problem.step === undefined
        ? problem.property
          ? [problem.property]
          : []
        : ['steps', problem.step, ...(problem.property ? [problem.property] : [])];
    let node = path.length === 0 ? tree : findNodeAtLocation(tree, path);
    // A missing property: the step itself (or the whole file).
    if (!node && problem.step !== undefined) node = findNodeAtLocation(tree, ['steps', problem.step]);
    const target = node?.parent?.type === 'property' ? node.parent : node;
    return { ...problem, range: rangeOf(target ?? tree) };
  });
  return { ...(parsed.scenario && problems.length === 0 ? { scenario: parsed.scenario } : {}), problems, stepRanges };
}
