/**
 * A captured request as a Markdown result document: a summary, the request (request line, headers, query
 * fields, the body as highlighted JSON with ids exact), then what each handler answered when it was forwarded.
 */
import { responseSection } from '../deliveries/renderOutcome';
import { bodyBlock, fence, headBlock } from '../model/markdown';
import { captureBodyBytes, type Capture } from './captureStore';
import { FORWARD_RESULT_BODY_BYTES, type ForwardResult } from './forwarder';

function queryBlock(path: string): string[] {
  const query = path.indexOf('?');
  if (query === -1) return [];
  const params = [...new URLSearchParams(path.slice(query + 1))];
  if (params.length === 0) return [];
  return ['Query parameters:', '', fence('text', params.map(([name, value]) => `${name} = ${value}`).join('\n')), ''];
}

function forwardSection(result: ForwardResult): string[] {
  const body = result.body === undefined ? undefined : result.isText === false ? Buffer.from(result.body, 'base64') : result.body;
  return [
    `## Forwarded to ${result.url.replace(/[[\]()`]/g, '')}`,
    '',
    ...responseSection({
      ...(result.status === undefined ? {} : { status: result.status }),
      headers: result.headers ?? [],
      ...(body === undefined ? {} : { body }),
      ...(result.bodyBytes === undefined
        ? {}
        : { bodyBytes: result.bodyBytes, shownBytes: Math.min(result.bodyBytes, FORWARD_RESULT_BODY_BYTES) }),
      ...(result.timeToFirstByteMs === undefined ? {} : { timeToFirstByteMs: result.timeToFirstByteMs }),
      totalMs: result.totalMs,
      ...(result.failure ? { failure: `${result.failure.kind}: ${result.failure.message}` } : {}),
    }),
    '',
  ];
}

export function renderCapture(capture: Capture): string {
  const kind = capture.size === 0 ? 'none' : capture.isText ? 'text' : 'binary';
  const lines: string[] = [
    `# Captured ${capture.receivedAt}${capture.remoteAddress ? ` from ${capture.remoteAddress}` : ''}`,
    '',
    `- Event: ${capture.event ? `${capture.event} (recognised from the ${capture.eventFrom === 'path' ? 'path' : 'payload fields'})` : 'not recognised'}`,
    `- Body: ${capture.size} bytes, ${kind}${capture.truncated ? `, truncated (${captureBodyBytes(capture).length} bytes kept)` : ''}`,
  ];
  if (capture.forwarding === 'paused') lines.push('- Forwarding was paused: captured only.');
  if (capture.forwarding === 'pending') lines.push('- Being forwarded…');
  lines.push(
    '',
    '## Request',
    '',
    headBlock(`${capture.method} ${capture.path} HTTP/1.1`, capture.headers),
    '',
    ...queryBlock(capture.path),
  );
  lines.push(capture.isText ? bodyBlock(capture.body) : bodyBlock(captureBodyBytes(capture)), '');
  for (const result of capture.forwards ?? []) lines.push(...forwardSection(result));
  return `${lines.join('\n')}\n`;
}
