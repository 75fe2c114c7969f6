/**
 * What the Deliveries view shows: a filter by event, method, status class of the handler's answer, or text in
 * the headers or body, and "failed only". Pure, so the matching is unit-tested in plain Node.
 */
import type { Capture } from '../receiver/captureStore';
import { isFailedForward } from '../receiver/forwarder';

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'failed', 'not forwarded'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

export interface CaptureFilter {
  /** `type:event`, as captures carry it; `unknown` for captures whose event was not recognised. */
  readonly event?: string;
  readonly method?: string;
  readonly status?: StatusClass;
  /** Case-insensitive, in header names and values and in a text body. */
  readonly text?: string;
  readonly failedOnly?: boolean;
}

/** How the handler's answers went, for the row's mark. */
export type CaptureOutcome = 'not forwarded' | 'pending' | 'ok' | 'failed';

export function captureOutcome(capture: Capture): CaptureOutcome {
  if (capture.forwarding === 'pending') return 'pending';
  const forwards = capture.forwards ?? [];
  if (forwards.length === 0) return 'not forwarded';
  return forwards.some(isFailedForward) ? 'failed' : 'ok';
}

function statusClasses(capture: Capture): Set<StatusClass> {
  const classes = new Set<StatusClass>();
  const forwards = capture.forwards ?? [];
  if (forwards.length === 0 && capture.forwarding !== 'pending') classes.add('not forwarded');
  for (const result of forwards) {
    if (isFailedForward(result)) classes.add('failed');
    if (result.status !== undefined) {
      const hundred = Math.floor(result.status / 100);
      if (hundred >= 2 && hundred <= 5) classes.add(`${hundred}xx` as StatusClass);
    }
  }
  return classes;
}

export function isFilterActive(filter: CaptureFilter): boolean {
  return (
    filter.event !== undefined ||
    filter.method !== undefined ||
    filter.status !== undefined ||
    (filter.text ?? '') !== '' ||
    filter.failedOnly === true
  );
}

export function matchesFilter(capture: Capture, filter: CaptureFilter): boolean {
  if (filter.failedOnly && captureOutcome(capture) !== 'failed') return false;
  if (filter.event !== undefined && (capture.event ?? 'unknown') !== filter.event) return false;
  if (filter.method !== undefined && capture.method.toUpperCase() !== filter.method.toUpperCase()) return false;
  if (filter.status !== undefined && !statusClasses(capture).has(filter.status)) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const inHeaders = capture.headers.some(([name, value]) => name.toLowerCase().includes(text) || value.toLowerCase().includes(text));
    const inBody = capture.isText && capture.body.toLowerCase().includes(text);
    if (!inHeaders && !inBody && !capture.path.toLowerCase().includes(text)) return false;
  }
  return true;
}

/** `message receive · 5xx · "STOP" · failed only`, for the view's description. */
export function describeFilter(filter: CaptureFilter): string {
  const parts: string[] = [];
  if (filter.event !== undefined) parts.push(filter.event.replace(':', ' '));
  if (filter.method !== undefined) parts.push(filter.method);
  if (filter.status !== undefined) parts.push(filter.status);
  if ((filter.text ?? '') !== '') parts.push(`"${filter.text ?? ''}"`);
  if (filter.failedOnly) parts.push('failed only');
  return parts.join(' · ');
}
