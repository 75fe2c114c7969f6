/**
 * Result documents are Markdown: the editor highlights a fenced ```json block (ids above 2^53 shown exactly as
 * written), and text that came from a server or a capture stays inside fences, where it is only text.
 */
import { isUtf8 } from 'node:buffer';
import { binaryNote, prettyBody } from './bodyText';

/** A fenced block; the fence is longer than any run of backticks in the text, so nothing can close it early. */
export function fence(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.endsWith('\n') ? text : `${text}\n`}${ticks}`;
}

/** A body as a block: JSON re-indented and highlighted, other text as text, binary as a hex and base64 note. */
export function bodyBlock(body: string | Uint8Array | undefined, emptyNote = '(no body)'): string {
  if (body === undefined) return `_${emptyNote}_`;
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  if (bytes.length === 0) return `_${emptyNote}_`;
  if (!isUtf8(bytes)) return fence('text', binaryNote(bytes));
  const text = bytes.toString('utf8');
  const pretty = prettyBody(text);
  return fence(pretty !== text || /^\s*[[{]/.test(text) ? 'json' : 'text', pretty);
}

/** A head block: a request or status line, then `name: value` lines. */
export function headBlock(firstLine: string, headers: Iterable<readonly [string, string]>): string {
  const lines = [firstLine];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return fence('http', lines.join('\n'));
}

export function milliseconds(value: number | undefined): string {
  return value === undefined ? '—' : `${Math.round(value)} ms`;
}
