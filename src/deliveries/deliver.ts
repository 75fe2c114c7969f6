/**
 * Sends a delivery the way Zipwhip did: one HTTP request (method, exact url, headers, body) with undici,
 * bounded by a time-out and an AbortSignal, and — like Zipwhip's 72 hours of retries, compressed — a few
 * retries with back-off. Nothing here throws for a failed delivery: failures are data in the result.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { loadUndici } from '../api/undici';
import { toGetUrl } from './getUrl';

export interface DeliveryRequest {
  readonly method: string;
  /** The full URL, query included (a GET delivery carries its fields here). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent for a GET delivery. Bytes are sent exactly as given. */
  readonly body?: string | Uint8Array;
}

export interface ResponseBody {
  /** The first RESPONSE_BODY_LIMIT bytes, decoded as UTF-8. */
  readonly text: string;
  readonly truncated: boolean;
  /** Every byte received, including the ones not kept. */
  readonly totalBytes: number;
}

export interface DeliveryOutcome {
  readonly request: DeliveryRequest;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string | string[]>>;
  readonly responseBody: ResponseBody;
  /** From sending to the response head (status line and headers). */
  readonly timeToFirstByteMs?: number;
  readonly totalMs: number;
  /** Why the delivery got no (complete) answer. */
  readonly error?: string;
}

export interface DeliverOptions {
  /** Whole request, body included; default 10 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** A custom undici dispatcher (TLS options, a test agent); default the global one. */
  readonly dispatcher?: Dispatcher;
}

export interface DeliveryAttempt {
  /** When the attempt started, ISO 8601. */
  readonly at: string;
  readonly status?: number;
  readonly error?: string;
  readonly durationMs: number;
  /** The first RESPONSE_HEAD_CHARS characters of the response body. */
  readonly responseHead: string;
}

export interface RetryOptions extends DeliverOptions {
  /** Attempts in all, the first included; default 4. */
  readonly attempts?: number;
  /** Wait before the 2nd, 3rd, … attempt; the last value repeats. Default DEFAULT_BACKOFF_MS. */
  readonly backoffMs?: readonly number[];
  /** Injectable for tests; must reject or return early when the signal aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Clock for `at`; default `new Date()`. */
  readonly now?: () => Date;
  /** Called after each attempt, e.g. to log it as it happens. */
  readonly onAttempt?: (attempt: DeliveryAttempt, index: number) => void;
}

export interface RetriedDelivery {
  /** The last attempt's outcome. */
  readonly outcome: DeliveryOutcome;
  readonly attempts: readonly DeliveryAttempt[];
  readonly delivered: boolean;
}

export const RESPONSE_BODY_LIMIT = 64 * 1024;
export const RESPONSE_HEAD_CHARS = 200;
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** Zipwhip retried for up to 72 hours; the sandbox compresses that into seconds. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [200, 400, 800];
export const DEFAULT_ATTEMPTS = 4;

/**
 * The request for a hook and a payload: POST/PUT carry the JSON body; GET carries the fields in the query
 * (see toGetUrl) and no body, hence no Content-Type either.
 */
export function buildDeliveryRequest(
  hook: { readonly method: string; readonly url: string },
  payload: { readonly json: string; readonly headers: Readonly<Record<string, string>> },
): DeliveryRequest {
  const method = hook.method.toUpperCase();
  if (method === 'GET') {
    const headers = Object.fromEntries(Object.entries(payload.headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
    return { method, url: toGetUrl(hook.url, payload.json), headers };
  }
  return { method, url: hook.url, headers: { ...payload.headers }, body: payload.json };
}

/** A 2xx answer is a delivery; anything else (3xx included: nothing follows redirects) is a failure. */
export function isDelivered(outcome: { readonly status?: number; readonly error?: string }): boolean {
  return outcome.error === undefined && outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
}

function describeError(error: unknown, timedOut: boolean, cancelled: boolean, timeoutMs: number): string {
  if (timedOut) return `No complete answer within ${timeoutMs} ms.`;
  if (cancelled) return 'Cancelled.';
  const message = error instanceof Error ? error.message : String(error);
  // undici wraps the socket error; its cause carries the code worth showing (ECONNREFUSED, ENOTFOUND…).
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown } | undefined)?.code;
  const causeMessage = cause instanceof Error && cause.message !== message ? `: ${cause.message}` : '';
  return typeof code === 'string' ? `${message}${causeMessage} (${code})` : `${message}${causeMessage}`;
}

/** Sends one delivery. Never throws: a failed delivery has `error` (and maybe no `status`). */
export async function deliver(req: DeliveryRequest, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const started = performance.now();
  let status: number | undefined;
  let responseHeaders: Record<string, string | string[]> | undefined;
  let timeToFirstByteMs: number | undefined;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let totalBytes = 0;
  let error: string | undefined;
  try {
    const { request } = await loadUndici();
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    timeToFirstByteMs = performance.now() - started;
    status = response.statusCode;
    responseHeaders = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) responseHeaders[name] = value;
    }
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      totalBytes += chunk.length;
      if (keptBytes < RESPONSE_BODY_LIMIT) {
        const part = chunk.subarray(0, RESPONSE_BODY_LIMIT - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    }
  } catch (caught: unknown) {
    error = describeError(caught, timeout.aborted, options.signal?.aborted ?? false, timeoutMs);
  }
  return {
    request: req,
    ...(status === undefined ? {} : { status }),
    ...(responseHeaders === undefined ? {} : { responseHeaders }),
    responseBody: { text: Buffer.concat(kept).toString('utf8'), truncated: totalBytes > keptBytes, totalBytes },
    ...(timeToFirstByteMs === undefined ? {} : { timeToFirstByteMs }),
    totalMs: performance.now() - started,
    ...(error === undefined ? {} : { error }),
  };
}

async function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleepFor(ms, undefined, signal ? { signal } : undefined);
}

/**
 * Delivers, and retries a failed delivery (no answer, or not 2xx) after the back-off, up to `attempts` in
 * all. Stops early when the signal aborts. Never throws.
 */
export async function deliverWithRetries(req: DeliveryRequest, options: RetryOptions = {}): Promise<RetriedDelivery> {
  const attemptsWanted = Math.max(1, Math.floor(options.attempts ?? DEFAULT_ATTEMPTS));
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? ((): Date => new Date());
  const attempts: DeliveryAttempt[] = [];
  const attemptOnce = async (): Promise<DeliveryOutcome> => {
    const at = now().toISOString();
    const result = await deliver(req, options);
    const attempt: DeliveryAttempt = {
      at,
      ...(result.status === undefined ? {} : { status: result.status }),
      ...(result.error === undefined ? {} : { error: result.error }),
      durationMs: result.totalMs,
      responseHead: result.responseBody.text.slice(0, RESPONSE_HEAD_CHARS),
    };
    attempts.push(attempt);
    options.onAttempt?.(attempt, attempts.length - 1);
    return result;
  };
  let outcome = await attemptOnce();
  while (attempts.length < attemptsWanted && !isDelivered(outcome) && !options.signal?.aborted) {
    const wait = backoff[Math.min(attempts.length - 1, backoff.length - 1)] ?? 0;
    try {
      await sleep(wait, options.signal);
    } catch {
      break; // aborted while waiting
    }
    if (options.signal?.aborted) break;
    outcome = await attemptOnce();
  }
  return { outcome, attempts, delivered: isDelivered(outcome) };
}
