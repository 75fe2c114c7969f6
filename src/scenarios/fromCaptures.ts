/**
 * Captured traffic as a scenario (Save as Scenario): one step per recognised capture, oldest first, the events of
 * one message tied together with `as` and `of`, consecutive progress events of a message folded into one step
 * with their statusCode list. Phone numbers are masked unless kept; so is the text.
 */
import { parseJson, stringifyJson } from '../model/losslessJson';
import { maskPhone, maskText } from '../privacy/mask';
import type { Capture } from '../receiver/captureStore';
import { SCENARIO_SUFFIX, STEP_EVENTS, type StepEvent } from './scenario';

interface Fields {
  readonly id?: string;
  readonly body?: string;
  readonly messageType?: string;
  readonly finalSource?: string;
  readonly finalDestination?: string;
  readonly statusCode?: number;
}

function fieldsOf(capture: Capture): Fields {
  let raw: Record<string, unknown> = {};
  if (capture.isText && capture.size > 0) {
    try {
      const value = parseJson(capture.body);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) raw = value as Record<string, unknown>;
    } catch {
      // Not JSON: no fields.
    }
  } else if (capture.path.includes('?')) {
    raw = Object.fromEntries(new URLSearchParams(capture.path.slice(capture.path.indexOf('?') + 1)));
  }
  const text = (name: string): string | undefined =>
    typeof raw[name] === 'string' || typeof raw[name] === 'number' ? String(raw[name]) : undefined;
  const code = text('statusCode');
  return {
    ...(text('id') === undefined ? {} : { id: text('id') }),
    ...(text('body') === undefined ? {} : { body: text('body') }),
    ...(text('messageType') === undefined ? {} : { messageType: text('messageType') }),
    ...(text('finalSource') === undefined ? {} : { finalSource: text('finalSource') }),
    ...(text('finalDestination') === undefined ? {} : { finalDestination: text('finalDestination') }),
    ...(code !== undefined && /^-?\d+$/.test(code) ? { statusCode: Number(code) } : {}),
  };
}

export interface FromCapturesOptions {
  readonly keepText?: boolean;
  readonly keepNumbers?: boolean;
  readonly name?: string;
}

export interface StepDraft {
  event: StepEvent;
  body?: string;
  as?: string;
  of?: string;
  statusCode?: number | number[];
  expect: { status: string };
}

/** The scenario's file text, or undefined when no capture is a recognised Zipwhip event. */
export function scenarioFromCaptures(captures: readonly Capture[], options: FromCapturesOptions = {}): string | undefined {
  const ordered = [...captures].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const phone = (value: string | undefined): string | undefined => (value === undefined || options.keepNumbers ? value : maskPhone(value));
  const text = (value: string | undefined): string | undefined => (value === undefined || options.keepText ? value : maskText(value));
  const steps: StepDraft[] = [];
  const messageStep = new Map<string, StepDraft>();
  let line: string | undefined;
  let contact: string | undefined;
  let named = 0;
  for (const capture of ordered) {
    const event = capture.event?.split(':')[1];
    if (event === undefined || !(STEP_EVENTS as readonly string[]).includes(event)) continue;
    const fields = fieldsOf(capture);
    const inbound = fields.messageType === 'MO';
    line ??= inbound ? fields.finalDestination : fields.finalSource;
    contact ??= inbound ? fields.finalSource : fields.finalDestination;
    const earlier = fields.id === undefined ? undefined : messageStep.get(fields.id);
    const previous = steps.at(-1);
    if (
      event === 'progress' &&
      earlier &&
      previous?.event === 'progress' &&
      previous.of === earlier.as &&
      fields.statusCode !== undefined
    ) {
      previous.statusCode = [
        ...(Array.isArray(previous.statusCode) ? previous.statusCode : previous.statusCode === undefined ? [] : [previous.statusCode]),
        fields.statusCode,
      ];
      continue;
    }
    const step: StepDraft = { event: event as StepEvent, expect: { status: '2xx' } };
    if (earlier && event !== 'receive') {
      earlier.as ??= `message${++named}`;
      step.of = earlier.as;
    } else {
      const body = text(fields.body);
      if (body !== undefined) step.body = body;
      if (fields.id !== undefined) messageStep.set(fields.id, step);
    }
    if (fields.statusCode !== undefined && (event === 'progress' || event === 'send')) step.statusCode = fields.statusCode;
    steps.push(step);
  }
  if (steps.length === 0) return undefined;
  const scenario = {
    name: options.name ?? 'Captured conversation',
    line: phone(line) ?? '4257772300',
    contact: phone(contact) ?? '+12065550100',
    steps: steps.map((s) => ({
      event: s.event,
      ...(s.as ? { as: s.as } : {}),
      ...(s.of ? { of: s.of } : {}),
      ...(s.body === undefined ? {} : { body: s.body }),
      ...(s.statusCode === undefined ? {} : { statusCode: s.statusCode }),
      expect: s.expect,
    })),
  };
  return `${stringifyJson(scenario, 2) ?? '{}'}\n`;
}

export function scenarioFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario'}${SCENARIO_SUFFIX}`;
}
