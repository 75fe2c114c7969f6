/** How a captured request shows in the Deliveries view. No vscode import: unit-tested in plain Node. */
import { formatSize } from '../format';
import type { Capture } from '../receiver/captureStore';

export interface CaptureRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** A codicon id. */
  readonly icon: string;
  readonly contextValue: 'capture';
}

/** `HH:MM:SS` in local time: the list is about the last minutes, the tooltip has the full date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8);
}

export function captureRow(capture: Capture): CaptureRow {
  const event = capture.event ? capture.event.replace(':', ' ') : 'unknown event';
  return {
    id: `capture/${capture.id}`,
    label: `${capture.method} ${capture.path}`,
    description: `${formatTime(capture.receivedAt)} · ${event} · ${formatSize(capture.size)}${capture.truncated ? ' (truncated)' : ''}`,
    tooltip: [
      `${capture.method} ${capture.path}`,
      `Received: ${capture.receivedAt}`,
      `Event: ${capture.event ?? 'not recognised'}${capture.eventFrom ? ` (from the ${capture.eventFrom})` : ''}`,
      `Size: ${formatSize(capture.size)}${capture.truncated ? ', body truncated' : ''}`,
      ...(capture.remoteAddress ? [`From: ${capture.remoteAddress}`] : []),
    ].join('\n'),
    icon: capture.event ? 'mail' : 'globe',
    contextValue: 'capture',
  };
}
