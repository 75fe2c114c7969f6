/** A delivery's outcome (a test delivery, a replay) as the text of a read-only document. */
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import { hasCredentials, withoutPassword } from '../format';
import { binaryNote, prettyBody } from '../model/bodyText';
import { RESPONSE_BODY_LIMIT, type DeliveryOutcome } from './deliver';

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

/** What was sent, what came back (or why nothing did), and the timings. */
export function renderDeliveryOutcome(result: DeliveryOutcome): string {
  const { request } = result;
  const lines: string[] = ['# Request', ''];
  if (hasCredentials(request.url)) {
    lines.push('(The URL holds a user name or password: it was not sent as a login, and the password is not shown.)', '');
  }
  lines.push(`${request.method} ${withoutPassword(request.url)}`);
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
  return `${lines.join('\n')}\n`;
}
