/** What a command gets as its argument when run from a tree row (the palette passes nothing). */
import type { Capture } from '../../receiver/captureStore';
import type { TreeNode } from '../../views/treeModel';

/** Narrows a command argument to a Webhooks tree node. */
export function asNode(arg: unknown): TreeNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const kind = (arg as { kind?: unknown }).kind;
  return kind === 'line' || kind === 'event' || kind === 'hook' || kind === 'message' ? (arg as TreeNode) : undefined;
}

/** Narrows a command argument to a row of the Deliveries view (a capture). */
export function asCapture(arg: unknown): Capture | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const candidate = arg as Partial<Capture>;
  return typeof candidate.id === 'string' && typeof candidate.receivedAt === 'string' ? (arg as Capture) : undefined;
}
