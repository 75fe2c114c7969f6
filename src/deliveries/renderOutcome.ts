/** A delivery's outcome (a test delivery, a replay, a sent payload) as a Markdown result document. */
import { STATUS_CODES } from 'node:http';
import { hasCredentials, withoutPassword } from '../format';
import { bodyBlock, headBlock, milliseconds } from '../model/markdown';
import { RESPONSE_BODY_LIMIT, type DeliveryOutcome } from './deliver';

/** `HTTP 201 Created`. */
export function statusText(status: number): string {
  return `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd();
}

/** The answer part, shared with the forwarding results of a capture. */
export interface ResponseView {
  readonly status?: number;
  readonly headers?: Iterable<readonly [string, string]>;
  readonly body?: string | Uint8Array;
  /** Bytes of the body in all, when only its head is shown. */
  readonly bodyBytes?: number;
  readonly shownBytes?: number;
  readonly timeToFirstByteMs?: number;
  readonly totalMs: number;
  readonly failure?: string;
  /** Default true; false when the timings are already in the document's summary. */
  readonly timings?: boolean;
}

export function timingLine(response: Pick<ResponseView, 'timeToFirstByteMs' | 'totalMs'>): string {
  return `Time to first byte: ${milliseconds(response.timeToFirstByteMs)} · total: ${milliseconds(response.totalMs)}`;
}

export function responseSection(response: ResponseView): string[] {
  const lines: string[] = [];
  if (response.failure !== undefined) lines.push(`Failed: ${response.failure.replace(/[[\]()`*_<>]/g, ' ')}`, '');
  if (response.status !== undefined) {
    lines.push(headBlock(statusText(response.status), response.headers ?? []), '', bodyBlock(response.body));
    if (response.bodyBytes !== undefined && response.shownBytes !== undefined && response.bodyBytes > response.shownBytes) {
      lines.push('', `_Body truncated: only the first ${response.shownBytes} of ${response.bodyBytes} bytes were kept._`);
    }
    lines.push('');
  }
  if (response.timings !== false) lines.push(timingLine(response));
  return lines;
}

function headerPairs(headers: Readonly<Record<string, string | string[]>> | undefined): [string, string][] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((one): [string, string] => [name, one]),
  );
}

/** What was sent, what came back (or why nothing did), and the timings. */
export function renderDeliveryOutcome(result: DeliveryOutcome, title = 'Delivery'): string {
  const { request } = result;
  const url = withoutPassword(request.url);
  const verdict = result.status !== undefined ? statusText(result.status) : 'no answer';
  const lines: string[] = [`# ${title}: ${request.method} → ${verdict}`, '', timingLine(result), '', '## Request', ''];
  if (hasCredentials(request.url))
    lines.push('_The URL holds a user name or password: it was not sent as a login, and the password is not shown._', '');
  lines.push(headBlock(`${request.method} ${url}`, Object.entries(request.headers)), '', bodyBlock(request.body), '', '## Response', '');
  lines.push(
    ...responseSection({
      ...(result.status === undefined ? {} : { status: result.status }),
      headers: headerPairs(result.responseHeaders),
      body: result.responseBody.text,
      bodyBytes: result.responseBody.totalBytes,
      shownBytes: result.responseBody.truncated ? RESPONSE_BODY_LIMIT : result.responseBody.totalBytes,
      ...(result.timeToFirstByteMs === undefined ? {} : { timeToFirstByteMs: result.timeToFirstByteMs }),
      totalMs: result.totalMs,
      ...(result.error === undefined ? {} : { failure: result.error }),
      timings: false,
    }),
  );
  return `${lines.join('\n')}\n`;
}
