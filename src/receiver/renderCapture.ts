/** A captured request as the text of a read-only document: summary, request line, headers, query fields, body. */
import { binaryNote, prettyBody } from '../model/bodyText';
import { captureBodyBytes, type Capture } from './captureStore';

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
