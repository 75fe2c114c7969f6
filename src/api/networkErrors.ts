/** Why a request got no answer, in the words of ./errors: the kind of failure, and a sentence naming the server. */
import { NetworkError, type NetworkFailure } from './errors';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'EAI_SERVICE']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'EPROTO' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

/** Collects the `code`s and names of an error, its causes and (for AggregateError) its members. */
function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) {
    return [];
  }
  seen.add(error);
  const codes: string[] = [];
  const record = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string') {
    codes.push(record.code);
  }
  if (typeof record.name === 'string') {
    codes.push(record.name);
  }
  codes.push(...errorCodes(record.cause, seen));
  if (Array.isArray(record.errors)) {
    for (const member of record.errors) {
      codes.push(...errorCodes(member, seen));
    }
  }
  return codes;
}

/** Maps an error of undici or node:net to the kind of network failure. */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const codes = errorCodes(error);
  const order: [NetworkFailure, (code: string) => boolean][] = [
    ['timeout', (c) => TIMEOUT_CODES.has(c) || c === 'TimeoutError'],
    ['dns', (c) => DNS_CODES.has(c)],
    ['tls', isTlsCode],
    ['refused', (c) => REFUSED_CODES.has(c)],
    ['reset', (c) => RESET_CODES.has(c)],
  ];
  for (const [failure, test] of order) {
    if (codes.some(test)) {
      return failure;
    }
  }
  return 'other';
}

/** An error's message with its `code` (ECONNREFUSED…) when the message does not already say it. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    return 'the allowed time';
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The call that failed, as the message names it. */
export interface FailedCall {
  /** `host:port` as configured. */
  readonly host: string;
  readonly hostname: string;
  readonly path: string;
  readonly timeoutMs: number;
}

/** The NetworkError for a failure; `error` is what undici or node:net threw. */
export function networkError(failure: NetworkFailure, call: FailedCall, error: unknown): NetworkError {
  const { host, hostname, path, timeoutMs } = call;
  switch (failure) {
    case 'refused':
      return new NetworkError(failure, `Could not connect to ${host}: the connection was refused. Is the server running?`);
    case 'reset':
      return new NetworkError(failure, `The connection to ${host} was closed before it answered ${path}.`);
    case 'dns':
      return new NetworkError(failure, `The server name ${hostname} could not be found (DNS lookup failed).`);
    case 'timeout':
      return new NetworkError(failure, `${host} did not answer ${path} within ${formatDuration(timeoutMs)}.`);
    case 'tls':
      return new NetworkError(failure, `A secure connection to ${host} could not be established: ${errorText(error)}`);
    case 'other':
      return new NetworkError(failure, `The request to ${host} failed: ${errorText(error)}`);
  }
}
