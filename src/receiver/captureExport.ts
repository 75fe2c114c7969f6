/**
 * The captures as an export file: `{"version":1,"captures":[…newest first]}`, indented as
 * `JSON.stringify(…, null, 2)` would, but built one capture at a time with a yield to the event loop between
 * pieces. A whole history in one JSON.stringify blocks the editor for seconds and can pass V8's longest string
 * (1 MiB of control characters is 6 MiB of JSON).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Capture } from './captureStore';

/** About how much JSON text to build, or to copy into the result, between two yields (a few ms of work). */
const CHARS_PER_TURN = 1024 * 1024;
const BYTES_PER_TURN = 2 * 1024 * 1024;

const HEAD = '{\n  "version": 1,\n  "captures": [\n';
const TAIL = '\n  ]\n}\n';
/** What JSON.stringify({captures:[c]}, null, 2) writes around `c`: the capture comes out indented as in the file. */
const WRAP_HEAD = '{\n  "captures": [\n'.length;
const WRAP_TAIL = '\n  ]\n}'.length;

export async function exportCaptures(captures: readonly Capture[]): Promise<Buffer> {
  if (captures.length === 0) return Buffer.from(`${JSON.stringify({ version: 1, captures: [] }, null, 2)}\n`, 'utf8');
  const texts: string[] = [HEAD];
  let bytes = HEAD.length + TAIL.length;
  let sinceYield = 0;
  for (const [index, capture] of captures.entries()) {
    const wrapped = JSON.stringify({ captures: [capture] }, null, 2);
    const text = `${index > 0 ? ',\n' : ''}${wrapped.slice(WRAP_HEAD, wrapped.length - WRAP_TAIL)}`;
    texts.push(text);
    bytes += Buffer.byteLength(text, 'utf8');
    sinceYield += text.length;
    if (sinceYield >= CHARS_PER_TURN) {
      sinceYield = 0;
      await nextTurn();
    }
  }
  texts.push(TAIL);
  // One Buffer.concat of a 500 MiB export would be one long copy: write a slice per turn instead.
  const result = Buffer.allocUnsafe(bytes);
  let offset = 0;
  let sinceCopyYield = 0;
  for (const text of texts) {
    const written = result.write(text, offset, 'utf8');
    offset += written;
    sinceCopyYield += written;
    if (sinceCopyYield >= BYTES_PER_TURN) {
      sinceCopyYield = 0;
      await nextTurn();
    }
  }
  return result;
}
