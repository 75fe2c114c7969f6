/**
 * The Zipwhip web hooks client. Every call is a form-encoded POST (the session key travels in the body,
 * never in a URL), every answer is read with a cap and parsed without loss of precision, and every failure
 * surfaces as one of the typed errors of ./errors. No `vscode` import here.
 */
import type { Dispatcher } from 'undici';
import { normalizeBaseUrl } from './baseUrl';
import { interpret, type Expectation } from './envelope';
import { CancelledError, NetworkError, UnexpectedResponseError, ZipwhipError } from './errors';
import { classifyNetworkError, networkError } from './networkErrors';
import { Redactor, scrubError } from './redact';
import { emptyResponseSchema, hookListSchema, loginResponseSchema, singleHookResponseSchema } from './schemas';
import { loadUndici } from './undici';
import type { NewWebhook, Webhook, WebhookChange } from '../model/webhook';

/** The calls of the API, as they appear after the base URL. */
export type ApiPath = 'user/login' | 'user/logout' | 'webhook/add' | 'webhook/update' | 'webhook/list' | 'webhook/delete';

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

/** The most of an answer the client reads: far more than 10,000 hooks take, far less than would hurt. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * undici's own header and body timers run on a clock that ticks every half second, so set to the call's limit
 * they fire up to half a second early. The call's AbortSignal keeps the limit; these only back it up.
 */
const UNDICI_TIMER_MARGIN_MS = 1000;

/** One call of the API: where, what it sends, what in it is secret, and what it expects back. */
interface ApiCall<T> extends Expectation<T> {
  readonly path: ApiPath;
  readonly fields: Readonly<Record<string, string>>;
  readonly secrets: readonly string[];
}

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
    const call = {
      path: 'user/login',
      fields: { username, password },
      secrets: [password],
      schema: loginResponseSchema,
      login: true,
    } as const;
    return this.call(call, signal);
  }

  /** Revokes the session key on the server. */
  async logout(session: string, signal?: AbortSignal): Promise<void> {
    await this.call({ path: 'user/logout', fields: { session }, secrets: [session], schema: emptyResponseSchema }, signal);
  }

  async listWebhooks(session: string, signal?: AbortSignal): Promise<Webhook[]> {
    return this.call({ path: 'webhook/list', fields: { session }, secrets: [session], schema: hookListSchema }, signal);
  }

  async addWebhook(session: string, hook: NewWebhook, signal?: AbortSignal): Promise<Webhook> {
    const fields: Record<string, string> = { session, type: hook.type, event: hook.event, url: hook.url };
    if (hook.method !== undefined) {
      fields.method = hook.method;
    }
    return this.call({ path: 'webhook/add', fields, secrets: [session], schema: singleHookResponseSchema }, signal);
  }

  async updateWebhook(session: string, webhookId: string, change: WebhookChange, signal?: AbortSignal): Promise<Webhook> {
    const fields: Record<string, string> = { session, webhookId };
    if (change.url !== undefined) {
      fields.url = change.url;
    }
    if (change.method !== undefined) {
      fields.method = change.method;
    }
    return this.call({ path: 'webhook/update', fields, secrets: [session], schema: singleHookResponseSchema }, signal);
  }

  async deleteWebhook(session: string, webhookId: string, signal?: AbortSignal): Promise<void> {
    await this.call({ path: 'webhook/delete', fields: { session, webhookId }, secrets: [session], schema: emptyResponseSchema }, signal);
  }

  /** Runs one call: logs it, and turns every failure into a scrubbed ZipwhipError. */
  private async call<T>(call: ApiCall<T>, callerSignal: AbortSignal | undefined): Promise<T> {
    const started = performance.now();
    const limited = Number.isFinite(this.timeoutMs) && this.timeoutMs > 0;
    const deadline = limited ? AbortSignal.timeout(this.timeoutMs) : undefined;
    const redactor = new Redactor(call.secrets);
    let status: number | undefined;
    try {
      const response = await this.post(call, deadline, callerSignal);
      status = response.statusCode;
      const text = await readCapped(response, call.path);
      const result = interpret({ status, text }, call, redactor);
      this.log(call.path, status, started, 'ok');
      return result;
    } catch (error: unknown) {
      const failure = scrubError(this.toZipwhipError(error, call.path, callerSignal, deadline), redactor);
      this.log(call.path, status, started, failure.kind);
      throw failure;
    }
  }

  private log(path: ApiPath, status: number | undefined, started: number, outcome: RequestLogEntry['outcome']): void {
    const entry: RequestLogEntry = {
      method: 'POST',
      path,
      ...(status === undefined ? {} : { status }),
      durationMs: performance.now() - started,
      outcome,
    };
    try {
      this.onRequest?.(entry);
    } catch {
      // A broken logger must not change the outcome of the call.
    }
  }

  private async post(
    call: ApiCall<unknown>,
    deadline: AbortSignal | undefined,
    callerSignal: AbortSignal | undefined,
  ): Promise<Dispatcher.ResponseData> {
    if (!this.base) {
      throw new NetworkError('other', `The server address "${this.rawBaseUrl}" is not a valid http:// or https:// URL.`);
    }
    if (callerSignal?.aborted) {
      throw new CancelledError();
    }
    const signals = [deadline, callerSignal].filter((s): s is AbortSignal => s !== undefined);
    const undiciTimeout = deadline ? this.timeoutMs + UNDICI_TIMER_MARGIN_MS : undefined;
    const { request } = await loadUndici();
    return request(new URL(call.path, this.base), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(call.fields).toString(),
      signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
      dispatcher: this.dispatcher,
      headersTimeout: undiciTimeout,
      bodyTimeout: undiciTimeout,
    });
  }

  private toZipwhipError(
    error: unknown,
    path: ApiPath,
    callerSignal: AbortSignal | undefined,
    deadline: AbortSignal | undefined,
  ): ZipwhipError {
    if (error instanceof ZipwhipError) {
      return error;
    }
    if (callerSignal?.aborted) {
      return new CancelledError();
    }
    const host = this.base?.host ?? this.rawBaseUrl;
    const failure = deadline?.aborted ? 'timeout' : classifyNetworkError(error);
    const call = { host, hostname: this.base?.hostname ?? host, path, timeoutMs: this.timeoutMs };
    return networkError(failure, call, error);
  }
}

/**
 * The body as text, read while it streams and given up past MAX_ANSWER_BYTES (the socket is then closed, not
 * drained). A leading byte-order mark is dropped and bad UTF-8 becomes U+FFFD, as with `body.text()`.
 */
async function readCapped(response: Dispatcher.ResponseData, path: string): Promise<string> {
  const tooLarge = (): UnexpectedResponseError => {
    response.body.destroy();
    return new UnexpectedResponseError(
      `The server's answer to ${path} was too large (more than ${MAX_ANSWER_BYTES / (1024 * 1024)} MB).`,
      response.statusCode,
      `more than ${MAX_ANSWER_BYTES} bytes; HTTP ${response.statusCode}`,
    );
  };
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}
