/** How a captured request shows in the Deliveries view. No vscode import: unit-tested in plain Node. */
import { formatSize } from '../format';
import type { Capture } from '../receiver/captureStore';
import type { ForwardResult } from '../receiver/forwarder';
import { captureOutcome } from './captureFilter';

export interface CaptureRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** A codicon id, and a theme colour that makes a failure stand out. */
  readonly icon: string;
  readonly iconColor?: string;
  /** `capture`, or `capture.failed` when a handler failed. */
  readonly contextValue: string;
}

/** `HH:MM:SS` in local time: the list is about the last minutes, the tooltip has the full date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8);
}

/** `500 · 12 ms`, or `refused`, `time-out`…: what one handler did. */
export function forwardSummary(result: ForwardResult): string {
  if (result.failure) return result.failure.kind === 'timeout' ? 'time-out' : result.failure.kind;
  return `${result.status ?? '?'} · ${Math.round(result.totalMs)} ms`;
}

export function captureRow(capture: Capture): CaptureRow {
  const event = capture.event ? capture.event.replace(':', ' ') : 'unknown event';
  const outcome = captureOutcome(capture);
  const forwards = capture.forwards ?? [];
  const handler =
    outcome === 'pending'
      ? '→ …'
      : forwards.length === 0
        ? capture.forwarding === 'paused'
          ? 'paused'
          : ''
        : `→ ${forwards.map(forwardSummary).join(', ')}`;
  const looks = {
    pending: { icon: 'loading~spin' },
    failed: { icon: 'error', iconColor: 'testing.iconFailed' },
    ok: { icon: 'pass', iconColor: 'testing.iconPassed' },
    'not forwarded': { icon: capture.event ? 'mail' : 'globe' },
  }[outcome];
  return {
    id: `capture/${capture.id}`,
    label: `${capture.method} ${capture.path}`,
    description: [handler, formatTime(capture.receivedAt), event, `${formatSize(capture.size)}${capture.truncated ? ' (truncated)' : ''}`]
      .filter((p) => p !== '')
      .join(' · '),
    tooltip: [
      `${capture.method} ${capture.path}`,
      `Received: ${capture.receivedAt}`,
      `Event: ${capture.event ?? 'not recognised'}${capture.eventFrom ? ` (from the ${capture.eventFrom})` : ''}`,
      `Size: ${formatSize(capture.size)}${capture.truncated ? ', body truncated' : ''}`,
      ...(capture.remoteAddress ? [`From: ${capture.remoteAddress}`] : []),
      ...forwards.map(
        (f) =>
          `Forwarded to ${f.url}: ${f.failure ? `failed (${f.failure.message})` : `HTTP ${f.status ?? '?'} in ${Math.round(f.totalMs)} ms`}`,
      ),
      ...(capture.forwarding === 'paused' ? ['Forwarding was paused: captured only.'] : []),
    ].join('\n'),
    ...looks,
    contextValue: outcome === 'failed' ? 'capture.failed' : 'capture',
  };
}
