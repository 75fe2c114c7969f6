/**
 * Forwards a captured request to the developer's handlers, byte for byte (method, path, end-to-end headers in
 * their order, body), to every target at once, and keeps what each answered: status, headers, the head of the
 * body, the time to the first byte and in all, or why it failed. The first target's whole answer is relayed to
 * the sender, so Zipwhip's (the sandbox's) retries react to what the handler really said. Never throws.
 */
import { isUtf8 } from 'node:buffer';
import { classifyNetworkError } from '../api/networkErrors';
import { loadUndici } from '../api/undici';
import { endToEndHeaders } from '../net/hopByHop';
import { forwardUrl } from './forwardRoutes';

export interface ForwardRequest {
  readonly method: string;
  /** The request target as received: path and query. */
  readonly target: string;
  /** Raw header pairs as received. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export type ForwardFailureKind = 'refused' | 'reset' | 'timeout' | 'dns' | 'other';

/** What one target answered, as the capture keeps it. */
export interface ForwardResult {
  /** The target as configured. */
  readonly target: string;
  /** The URL requested (the captured path added to an origin-only target). */
  readonly url: string;
  readonly status?: number;
  readonly headers?: readonly (readonly [string, string])[];
  /** The first FORWARD_RESULT_BODY_BYTES of the answer: UTF-8 text when `isText`, else base64. */
  readonly body?: string;
  readonly isText?: boolean;
  /** Bytes of the answer in all. */
  readonly bodyBytes?: number;
  readonly timeToFirstByteMs?: number;
  readonly totalMs: number;
  readonly failure?: { readonly kind: ForwardFailureKind; readonly message: string };
}

/** The first target's answer, to pass back to the sender. */
export interface ForwardRelay {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

export interface ForwardOptions {
  /** For each target's whole exchange. */
  readonly timeoutMs: number;
}

export const FORWARD_RESULT_BODY_BYTES = 64 * 1024;
/** An answer larger than this is not relayed (the sender gets 502), but its head is kept. */
export const FORWARD_RELAY_BYTES = 8 * 1024 * 1024;

function flat(pairs: readonly (readonly [string, string])[]): string[] {
  return pairs.flatMap(([name, value]) => [name, value]);
}

function responsePairs(raw: Record<string, string | string[] | undefined>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  return pairs;
}

function failureOf(error: unknown, timedOut: boolean, timeoutMs: number): { kind: ForwardFailureKind; message: string } {
  if (timedOut) return { kind: 'timeout', message: `No complete answer within ${timeoutMs} ms.` };
  const kind = classifyNetworkError(error);
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } } | undefined)?.cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const known: Record<string, ForwardFailureKind> = { refused: 'refused', reset: 'reset', dns: 'dns', timeout: 'timeout' };
  return { kind: known[kind] ?? 'other', message: typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message };
}

/** UTF-8 text when the bytes are text; a head cut short may end inside a character. */
function utf8Text(bytes: Buffer, cut: boolean): string | undefined {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  for (let drop = 1; cut && drop <= 3 && drop < bytes.length; drop++) {
    if (isUtf8(bytes.subarray(0, bytes.length - drop))) return bytes.subarray(0, bytes.length - drop).toString('utf8');
  }
  return undefined;
}

async function forwardOne(
  request: ForwardRequest,
  target: string,
  options: ForwardOptions,
  relay: boolean,
): Promise<{ result: ForwardResult; relay?: ForwardRelay }> {
  const url = forwardUrl(target, request.target);
  // One timer and one controller per exchange, cleared at the end: cheaper than AbortSignal.timeout, whose timer
  // outlives the request (`npm run bench`, figure 6).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const started = performance.now();
  let status: number | undefined;
  let headers: [string, string][] | undefined;
  let timeToFirstByteMs: number | undefined;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let bodyBytes = 0;
  const relayed: Buffer[] = [];
  try {
    const { request: send } = await loadUndici();
    const response = await send(url, {
      method: request.method as 'POST',
      headers: flat(endToEndHeaders(request.headers)),
      body: request.body.length > 0 || (request.method !== 'GET' && request.method !== 'HEAD') ? request.body : null,
      signal: controller.signal,
    });
    timeToFirstByteMs = performance.now() - started;
    status = response.statusCode;
    headers = responsePairs(response.headers);
    // Events, not `for await`: the async iterator costs a promise per chunk.
    await new Promise<void>((resolve, reject) => {
      response.body.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
        if (keptBytes < FORWARD_RESULT_BODY_BYTES) {
          const part = chunk.subarray(0, FORWARD_RESULT_BODY_BYTES - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
        if (relay && bodyBytes <= FORWARD_RELAY_BYTES) relayed.push(chunk);
      });
      response.body.once('end', resolve);
      response.body.once('error', reject);
    });
  } catch (error: unknown) {
    return {
      result: {
        target,
        url,
        ...(status === undefined ? {} : { status }),
        totalMs: performance.now() - started,
        failure: failureOf(error, timedOut, options.timeoutMs),
      },
    };
  } finally {
    clearTimeout(timer);
  }
  const head = Buffer.concat(kept, keptBytes);
  const text = utf8Text(head, bodyBytes > keptBytes);
  const result: ForwardResult = {
    target,
    url,
    status,
    headers,
    body: text ?? head.toString('base64'),
    isText: text !== undefined,
    bodyBytes,
    timeToFirstByteMs,
    totalMs: performance.now() - started,
  };
  if (!relay || bodyBytes > FORWARD_RELAY_BYTES) return { result };
  return { result, relay: { status, headers: endToEndHeaders(headers), body: Buffer.concat(relayed) } };
}

/** Sends the request to every target at once; the first target's answer is the relay (undefined when it failed). */
export async function forward(
  request: ForwardRequest,
  targets: readonly string[],
  options: ForwardOptions,
): Promise<{ results: ForwardResult[]; relay?: ForwardRelay }> {
  const outcomes = await Promise.all(targets.map((target, index) => forwardOne(request, target, options, index === 0)));
  const relay = outcomes[0]?.relay;
  return relay ? { results: outcomes.map((o) => o.result), relay } : { results: outcomes.map((o) => o.result) };
}

/** A result that got no answer, or a status outside 2xx: the row of such a capture is marked failed. */
export function isFailedForward(result: Pick<ForwardResult, 'status' | 'failure'>): boolean {
  return result.failure !== undefined || result.status === undefined || result.status < 200 || result.status >= 300;
}
