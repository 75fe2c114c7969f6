/** How a captured request shows in the Deliveries view. No vscode import: unit-tested in plain Node. */
import type { Capture } from '../receiver/captureStore';

export interface DeliveryRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** `HH:MM:SS` in local time: the list is about the last minutes, the tooltip has the full date. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toTimeString().slice(0, 8);
}

export function deliveryRow(capture: Capture): DeliveryRow {
  const event = capture.event ? capture.event.replace(':', ' ') : 'unknown event';
  return {
    id: `delivery/${capture.id}`,
    label: `${capture.method} ${capture.path}`,
    description: `${formatTime(capture.receivedAt)} · ${event} · ${formatSize(capture.size)}${capture.truncated ? ' (truncated)' : ''}`,
    tooltip: [
      `${capture.method} ${capture.path}`,
      `Received: ${capture.receivedAt}`,
      `Event: ${capture.event ?? 'not recognised'}${capture.eventFrom ? ` (from the ${capture.eventFrom})` : ''}`,
      `Size: ${formatSize(capture.size)}${capture.truncated ? ', body truncated' : ''}`,
      ...(capture.remoteAddress ? [`From: ${capture.remoteAddress}`] : []),
    ].join('\n'),
  };
}
