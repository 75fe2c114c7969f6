/** One line per capture for the terminal receiver: time, method, path, event, and each target's status and time. */
import type { Capture } from './captureStore';

export function forwardSummaryLine(capture: Capture): string {
  const time = capture.receivedAt.slice(11, 19);
  const event = capture.event ?? 'unknown event';
  const forwards = capture.forwards ?? [];
  const results =
    forwards.length === 0
      ? capture.forwarding === 'paused'
        ? 'paused'
        : 'captured'
      : forwards.map((f) => `${f.url} ${f.failure ? `FAILED (${f.failure.kind})` : f.status} ${Math.round(f.totalMs)} ms`).join(', ');
  return `${time} ${capture.method} ${capture.path} [${event}] ${capture.size} B → ${results}`;
}
