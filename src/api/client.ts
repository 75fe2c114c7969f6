/**
 * The Zipwhip web hooks client. Every call is a form-encoded POST (the session key travels in the body,
 * never in a URL), every answer is parsed without loss of precision, and every failure surfaces as one of
 * the typed errors of ./errors. No `vscode` import here.
 */
import { request, type Dispatcher } from 'undici';
import type * as z from 'zod/mini';
import {
  ApiError,
  CancelledError,
  NetworkError,
  SessionRejectedError,
  UnexpectedResponseError,
  ZipwhipError,
  type NetworkFailure,
} from './errors';
import { parseJson } from '../model/losslessJson';
import {
  emptyResponseSchema,
  envelopeSchema,
  failureResponseSchema,
  listResponseSchema,
  loginResponseSchema,
  singleHookResponseSchema,
} from './schemas';
import type { NewWebhook, Webhook, WebhookChange } from '../model/webhook';

/** The calls of the API, as they appear after the base URL. */
export type ApiPath =
  | 'user/login'
  | 'user/logout'
  | 'webhook/add'
  | 'webhook/update'
  | 'webhook/list'
  | 'webhook/delete';

/** One line of the request log: never the body, never the key. */
export interface RequestLogEntry {
  method: 'POST';
  path: string;
  status?: number;
  durationMs: number;
  outcome: 'ok' | ZipwhipError['kind'];
}

export interface ClientOptions {
  /** e.g. `https://api.zipwhip.com/`; a missing trailing slash is added, query and fragment are dropped. */
  baseUrl: string;
  /** Time allowed for a whole call (connect, headers and body). 0 or a non-finite value: no limit. */
  timeoutMs: number;
  /** Called once per call, after it settled. Exceptions thrown by it are ignored. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** An undici dispatcher (Agent, MockAgent…); the global one when absent. */
  dispatcher?: Dispatcher;
}

/** The message of a refused login. */
export const BAD_CREDENTIALS_MESSAGE = 'The username or password was not accepted.';

/**
 * Parses a server address as the client uses it: http(s) only, the path ending in '/', no query or
 * fragment. Returns undefined when the text is not such a URL.
 */
export function normalizeBaseUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return undefined;
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) {
    url.pathname = `${url.pathname}/`;
  }
  return url;
}

const MAX_DETAIL_BODY_CHARS = 200;

export class ZipwhipClient {
  private readonly base: URL | undefined;
  private readonly rawBaseUrl: string;
  private readonly timeoutMs: number;
  private readonly onRequest: ((entry: RequestLogEntry) => void) | undefined;
  private readonly dispatcher: Dispatcher | undefined;

  constructor(options: ClientOptions) {
    this.rawBaseUrl = options.baseUrl;
    this.base = normalizeBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs;
    this.onRequest = options.onRequest;
    this.dispatcher = options.dispatcher;
  }

  /** The normalised base URL (ending in '/'), or undefined when the configured one is not usable. */
  get baseUrl(): string | undefined {
    return this.base?.href;
  }

  /** Signs in and returns the session key (`<uuid>:<deviceId>`). */
  async login(username: string, password: string, signal?: AbortSignal): Promise<string> {
    return this.call('user/login', { username, password }, [password], loginResponseSchema, signal);
  }

  /** Revokes the session key on the server. */
  async logout(session: string, signal?: AbortSignal): Promise<void> {
    await this.call('user/logout', { session }, [session], emptyResponseSchema, signal);
  }

  async listWebhooks(session: string, signal?: AbortSignal): Promise<Webhook[]> {
    return this.call('webhook/list', { session }, [session], listResponseSchema, signal);
  }

  async addWebhook(session: string, hook: NewWebhook, signal?: AbortSignal): Promise<Webhook> {
    const fields: Record<string, string> = { session, type: hook.type, event: hook.event, url: hook.url };
    if (hook.method !== undefined) {
      fields.method = hook.method;
    }
    return this.call('webhook/add', fields, [session], singleHookResponseSchema, signal);
  }

  async updateWebhook(
    session: string,
    webhookId: string,
    change: WebhookChange,
    signal?: AbortSignal,
  ): Promise<Webhook> {
    const fields: Record<string, string> = { session, webhookId };
    if (change.url !== undefined) {
      fields.url = change.url;
    }
    if (change.method !== undefined) {
      fields.method = change.method;
    }
    return this.call('webhook/update', fields, [session], singleHookResponseSchema, signal);
  }

  async deleteWebhook(session: string, webhookId: string, signal?: AbortSignal): Promise<void> {
    await this.call('webhook/delete', { session, webhookId }, [session], emptyResponseSchema, signal);
  }

  /** Runs one call: logs it, and turns every failure into a scrubbed ZipwhipError. */
  private async call<T>(
    path: ApiPath,
    fields: Record<string, string>,
    secrets: readonly string[],
    schema: z.ZodMiniType<T>,
    callerSignal: AbortSignal | undefined,
  ): Promise<T> {
    const started = performance.now();
    const state: { status?: number } = {};
    const limited = Number.isFinite(this.timeoutMs) && this.timeoutMs > 0;
    const timeoutSignal = limited ? AbortSignal.timeout(this.timeoutMs) : undefined;
    try {
      const result = await this.send(path, fields, secrets, schema, callerSignal, timeoutSignal, state);
      this.log({ method: 'POST', path, status: state.status, durationMs: performance.now() - started, outcome: 'ok' });
      return result;
    } catch (error: unknown) {
      const failure = scrubError(this.toZipwhipError(error, path, callerSignal, timeoutSignal), secrets);
      this.log({
        method: 'POST',
        path,
        status: state.status,
        durationMs: performance.now() - started,
        outcome: failure.kind,
      });
      throw failure;
    }
  }

  private log(entry: RequestLogEntry): void {
    if (entry.status === undefined) {
      delete entry.status;
    }
    try {
      this.onRequest?.(entry);
    } catch {
      // A broken logger must not change the outcome of the call.
    }
  }

  private async send<T>(
    path: ApiPath,
    fields: Record<string, string>,
    secrets: readonly string[],
    schema: z.ZodMiniType<T>,
    callerSignal: AbortSignal | undefined,
    timeoutSignal: AbortSignal | undefined,
    state: { status?: number },
  ): Promise<T> {
    if (!this.base) {
      throw new NetworkError(
        'other',
        `The server address "${this.rawBaseUrl}" is not a valid http:// or https:// URL.`,
      );
    }
    if (callerSignal?.aborted) {
      throw new CancelledError();
    }
    const url = new URL(path, this.base);
    const signals = [timeoutSignal, callerSignal].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    const timeout = timeoutSignal ? this.timeoutMs : undefined;

    const response = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(fields).toString(),
      signal,
      dispatcher: this.dispatcher,
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    state.status = response.statusCode;
    const text = await response.body.text();
    return interpret(path, response.statusCode, text, schema, secrets);
  }

  private toZipwhipError(
    error: unknown,
    path: ApiPath,
    callerSignal: AbortSignal | undefined,
    timeoutSignal: AbortSignal | undefined,
  ): ZipwhipError {
    if (error instanceof ZipwhipError) {
      return error;
    }
    if (callerSignal?.aborted) {
      return new CancelledError();
    }
    const host = this.base?.host ?? this.rawBaseUrl;
    const hostname = this.base?.hostname ?? host;
    const failure = timeoutSignal?.aborted ? 'timeout' : classifyNetworkError(error);
    return new NetworkError(failure, networkMessage(failure, host, hostname, this.timeoutMs, path, error));
  }
}

/** Turns a status and a body into the result, or throws the matching ZipwhipError. */
function interpret<T>(
  path: ApiPath,
  status: number,
  text: string,
  schema: z.ZodMiniType<T>,
  secrets: readonly string[],
): T {
  const ok = status >= 200 && status < 300;
  const notUnderstood = (reason: string): UnexpectedResponseError =>
    new UnexpectedResponseError(
      ok
        ? `The server's answer to ${path} was not understood.`
        : `The server's answer to ${path} was not understood (HTTP ${status}).`,
      status,
      `${reason}; HTTP ${status}; body: ${JSON.stringify(scrubSecrets(text, secrets).slice(0, MAX_DETAIL_BODY_CHARS))}`,
    );

  if (path === 'user/login' && (status === 401 || status === 403)) {
    throw new ApiError(BAD_CREDENTIALS_MESSAGE, status);
  }
  if (path !== 'user/login' && (status === 401 || status === 403)) {
    throw new SessionRejectedError(status);
  }

  let json: unknown;
  try {
    json = parseJson(text);
  } catch (error: unknown) {
    throw notUnderstood(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw notUnderstood(`no {success, response} envelope: ${formatIssues(envelope.error)}`);
  }
  const { success, response } = envelope.data;

  if (!ok || !success) {
    if (path === 'user/login' && response === null && (status === 400 || status === 500 || ok)) {
      throw new ApiError(BAD_CREDENTIALS_MESSAGE, status);
    }
    throw failureError(status, response);
  }

  const parsed = schema.safeParse(response);
  if (!parsed.success) {
    throw notUnderstood(`unexpected response payload: ${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

function failureError(status: number, response: unknown): ApiError {
  const generic = `The Zipwhip server reported an error (HTTP ${status}).`;
  const failure = failureResponseSchema.safeParse(response);
  if (!failure.success || failure.data === null) {
    return new ApiError(generic, status);
  }
  if (typeof failure.data === 'string') {
    const message = failure.data.trim();
    return new ApiError(message === '' ? generic : message, status);
  }
  const { code, desc } = failure.data;
  const text = desc.trim() === '' ? 'The Zipwhip server reported an error' : desc.trim();
  return new ApiError(`${text} (code ${code})`, status, code);
}

function formatIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

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

/** Maps an error of undici or node:net to the kind of network failure. Exported for tests. */
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

function networkMessage(
  failure: NetworkFailure,
  host: string,
  hostname: string,
  timeoutMs: number,
  path: ApiPath,
  error: unknown,
): string {
  switch (failure) {
    case 'refused':
      return `Could not connect to ${host}: the connection was refused. Is the server running?`;
    case 'reset':
      return `The connection to ${host} was closed before it answered ${path}.`;
    case 'dns':
      return `The server name ${hostname} could not be found (DNS lookup failed).`;
    case 'timeout':
      return `${host} did not answer ${path} within ${formatDuration(timeoutMs)}.`;
    case 'tls':
      return `A secure connection to ${host} could not be established: ${errorText(error)}`;
    case 'other':
      return `The request to ${host} failed: ${errorText(error)}`;
  }
}

function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    return 'the allowed time';
  }
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** Every form in which a secret might come back: as sent, and URL- or form-encoded. */
function secretVariants(secrets: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') {
      continue;
    }
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length);
}

/** Anything shaped like a session key (`<uuid>:<digits>`, raw or URL-encoded), whoever's it is. */
const SESSION_KEY_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::|%3a)\d+/gi;

/**
 * Replaces every occurrence of a secret (raw, URL-encoded or JSON-escaped) and anything shaped like a session
 * key with '***'. Exported for tests.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const variant of secretVariants(secrets)) {
    result = result.split(variant).join('***');
  }
  return result.replace(SESSION_KEY_PATTERN, '***');
}

/** Rebuilds the error with secrets removed from its message and detail (and so from its stack). */
function scrubError(error: ZipwhipError, secrets: readonly string[]): ZipwhipError {
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  if (error instanceof SessionRejectedError) {
    return new SessionRejectedError(error.status, scrub(error.message));
  }
  if (error instanceof ApiError) {
    return new ApiError(scrub(error.message), error.status, error.code);
  }
  if (error instanceof UnexpectedResponseError) {
    return new UnexpectedResponseError(scrub(error.message), error.status, scrub(error.detail));
  }
  if (error instanceof NetworkError) {
    return new NetworkError(error.failure, scrub(error.message));
  }
  if (error instanceof CancelledError) {
    return error;
  }
  // An unknown subclass: keep its class, but make sure the text is clean.
  error.message = scrub(error.message);
  error.stack = error.stack === undefined ? undefined : scrub(error.stack);
  return error;
}
