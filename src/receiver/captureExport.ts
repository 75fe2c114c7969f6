/**
 * The captures as an export file: `{"version":1,"captures":[…newest first]}`, indented as
 * `JSON.stringify(…, null, 2)` would, but built one capture at a time with a yield to the event loop between
 * pieces. A whole history in one JSON.stringify blocks the editor for seconds and can pass V8's longest string
 * (1 MiB of control characters is 6 MiB of JSON).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Capture } from './captureStore';

/** About how much JSON text to build between two yields. */
const TEXT_PER_TURN = 4 * 1024 * 1024;

export async function exportCaptures(captures: readonly Capture[]): Promise<Buffer> {
  if (captures.length === 0) return Buffer.from('{\n  "version": 1,\n  "captures": []\n}\n', 'utf8');
  const parts: Buffer[] = [Buffer.from('{\n  "version": 1,\n  "captures": [\n', 'utf8')];
  let sinceYield = 0;
  for (const [index, capture] of captures.entries()) {
    // JSON escapes line breaks inside strings, so every newline in the text is structure: indent it.
    const text = `    ${JSON.stringify(capture, null, 2).replace(/\n/g, '\n    ')}${index < captures.length - 1 ? ',' : ''}\n`;
    parts.push(Buffer.from(text, 'utf8'));
    sinceYield += text.length;
    if (sinceYield >= TEXT_PER_TURN) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  parts.push(Buffer.from('  ]\n}\n', 'utf8'));
  return Buffer.concat(parts);
}
