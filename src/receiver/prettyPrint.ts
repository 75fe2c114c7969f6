/**
 * Plain-text views of a captured request and of a test delivery, for read-only editor documents. JSON
 * bodies are re-indented with lossless-json, which keeps every number as written: a message id above 2^53
 * shows exactly as it arrived (JSON.parse would have rounded it).
 */
import { STATUS_CODES } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import { RESPONSE_BODY_LIMIT, type DeliveryAttempt, type DeliveryOutcome } from '../deliveries/deliver';
import { captureBodyBytes, type Capture } from './captureStore';

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

function binaryNote(bytes: Buffer): string {
  const base64 = bytes.toString('base64');
  const wrapped = base64.match(new RegExp(`.{1,${BASE64_LINE}}`, 'g'))?.join('\n') ?? '';
  const more = bytes.length > HEX_PREVIEW_BYTES ? `\n… (first ${HEX_PREVIEW_BYTES} bytes shown)` : '';
  return `(binary body, ${bytes.length} bytes; not UTF-8 text)\n\n${hexPreview(bytes)}${more}\n\nBase64:\n${wrapped}`;
}

function queryLines(path: string): string[] {
  const query = path.indexOf('?');
  if (query === -1) return [];
  const params = [...new URLSearchParams(path.slice(query + 1))];
  if (params.length === 0) return [];
  return ['', 'Query parameters:', ...params.map(([name, value]) => `  ${name} = ${value}`)];
}

/** A captured request: summary comments, request line, headers, query fields, then the body. */
export function renderCapture(capture: Capture): string {
  const lines: string[] = [];
  lines.push(`# Captured ${capture.receivedAt}${capture.remoteAddress ? ` from ${capture.remoteAddress}` : ''}`);
  if (capture.event) {
    lines.push(`# Event: ${capture.event} (recognised from the ${capture.eventFrom === 'path' ? 'path' : 'payload fields'})`);
  } else {
    lines.push('# Event: not recognised');
  }
  const kind = capture.size === 0 ? 'none' : capture.isText ? 'text' : 'binary';
  lines.push(`# Body: ${capture.size} bytes, ${kind}${capture.truncated ? `, TRUNCATED (only the first bytes were kept)` : ''}`);
  lines.push('');
  lines.push(`${capture.method} ${capture.path} HTTP/1.1`);
  for (const [name, value] of capture.headers) lines.push(`${name}: ${value}`);
  lines.push(...queryLines(capture.path));
  lines.push('');
  if (capture.size === 0) {
    lines.push('(no body)');
  } else if (capture.isText) {
    lines.push(prettyBody(capture.body));
  } else {
    lines.push(binaryNote(captureBodyBytes(capture)));
  }
  if (capture.truncated) {
    lines.push('', `… truncated: ${captureBodyBytes(capture).length} of ${capture.size} bytes kept.`);
  }
  return `${lines.join('\n')}\n`;
}

function sentBody(body: string | Uint8Array | undefined): string {
  if (body === undefined) return '(no body)';
  if (typeof body === 'string') return body === '' ? '(empty body)' : prettyBody(body);
  const bytes = Buffer.from(body);
  if (bytes.length === 0) return '(empty body)';
  return isUtf8(bytes) ? prettyBody(bytes.toString('utf8')) : binaryNote(bytes);
}

function ms(value: number | undefined): string {
  return value === undefined ? '—' : `${Math.round(value)} ms`;
}

/** A test delivery: what was sent, what came back (or why nothing did), timings, and any retries. */
export function renderDeliveryResult(result: DeliveryOutcome, attempts?: readonly DeliveryAttempt[]): string {
  const { request } = result;
  const lines: string[] = ['# Request', '', `${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  lines.push('', sentBody(request.body), '', '# Response', '');
  if (result.status !== undefined) {
    lines.push(`HTTP ${result.status} ${STATUS_CODES[result.status] ?? ''}`.trimEnd());
  }
  if (result.error !== undefined) lines.push(`Failed: ${result.error}`);
  lines.push(`Time to first byte: ${ms(result.timeToFirstByteMs)} · total: ${ms(result.totalMs)}`);
  if (result.responseHeaders) {
    lines.push('');
    for (const [name, value] of Object.entries(result.responseHeaders)) {
      for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
    }
  }
  if (result.status !== undefined) {
    const body = result.responseBody;
    lines.push('', body.totalBytes === 0 ? '(no body)' : prettyBody(body.text));
    if (body.truncated) lines.push('', `… truncated: only the first ${RESPONSE_BODY_LIMIT} of ${body.totalBytes} bytes were kept.`);
  }
  if (attempts && attempts.length > 0) {
    lines.push('', '# Attempts', '');
    attempts.forEach((attempt, index) => {
      const what = attempt.status !== undefined ? `HTTP ${attempt.status}` : `failed: ${attempt.error ?? 'unknown'}`;
      lines.push(`${index + 1}. ${attempt.at}  ${what}  (${ms(attempt.durationMs)})`);
    });
  }
  return `${lines.join('\n')}\n`;
}
