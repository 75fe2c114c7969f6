/**
 * How a body reads in a result document. JSON is re-indented with lossless-json, which keeps every number as
 * written: a message id above 2^53 shows exactly as it arrived (JSON.parse would have rounded it).
 */
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';

const HEX_PREVIEW_BYTES = 64;
const BASE64_LINE = 76;

/** JSON re-indented losslessly, or the text as it is when it is not JSON. */
export function prettyBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return stringifyLossless(parseLossless(text), null, 2) ?? text;
    } catch {
      // Not JSON after all (or cut short by truncation): show it as text.
    }
  }
  return text;
}

function hexPreview(bytes: Buffer): string {
  const head = bytes.subarray(0, HEX_PREVIEW_BYTES);
  const lines: string[] = [];
  for (let offset = 0; offset < head.length; offset += 16) {
    const row = head.subarray(offset, offset + 16);
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

export function binaryNote(bytes: Buffer): string {
  const base64 = bytes.toString('base64');
  const wrapped = base64.match(new RegExp(`.{1,${BASE64_LINE}}`, 'g'))?.join('\n') ?? '';
  const more = bytes.length > HEX_PREVIEW_BYTES ? `\n… (first ${HEX_PREVIEW_BYTES} bytes shown)` : '';
  return `(binary body, ${bytes.length} bytes; not UTF-8 text)\n\n${hexPreview(bytes)}${more}\n\nBase64:\n${wrapped}`;
}
