/**
 * A stand-in Zipwhip server, faithful to docs/zipwhip-api.md ("What a faithful stand-in server does"): HTTP
 * and routing here; the calls in ./state, injected failures in ./faults, the test-control routes in ./control.
 * The extension runs it in-process; `npm run sandbox` (dist/sandbox-cli.js) runs it stand-alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Webhook } from '../model/webhook';
import { isAllowedHost, listenHttp, type RunningHttpServer } from '../net/httpServer';
import { checkControlToken, CONTROL_ROUTES, handleControl, newControlToken, type ControlContext, type ControlRoute } from './control';
import { deliverEvent, type DeliveryResult, type EventContext } from './fanout';

/** How one firing of an event may differ from a plain one (an edited payload, a scenario's quirks). */
export type FireOptions = Partial<Pick<EventContext, 'timeoutMs' | 'body' | 'payloads' | 'method' | 'cutOffFirst' | 'retry'>>;
import { applyFault, FaultQueue, PendingDelays, type SandboxFault } from './faults';
import { Fields, readForm } from './fields';
import { ReplyError, sendFailure, sendJson } from './reply';
import { SandboxState } from './state';
import {
  DEFAULT_SANDBOX_ACCOUNT,
  type SandboxDeliveryLogEntry,
  type SandboxOptions,
  type SandboxRequestLogEntry,
  type SandboxSnapshot,
  type SandboxAccount,
} from './types';

export * from './types';
export { MAX_BODY_BYTES } from './fields';
export { DEFAULT_FAULT_CODE, DEFAULT_FAULT_DESC, DEFAULT_FAULT_MESSAGE, SANDBOX_FAULT_KINDS } from './faults';
export type { SandboxFault, SandboxFaultKind } from './faults';
export { CONTROL_TOKEN_FIELD, CONTROL_TOKEN_HEADER, type FireReport } from './control';

const REQUEST_LOG_LIMIT = 1000;
const DELIVERY_LOG_LIMIT = 200;
/** Sandbox message ids: above 2^53 and increasing, like Zipwhip's. */
const FIRST_MESSAGE_ID = 1327295480212647936n;

type ApiCall = (state: SandboxState, fields: Fields) => unknown;
type Route = { readonly api: ApiCall } | { readonly control: ControlRoute };

/** Route (below the base path) → the Zipwhip call or the control route it serves. */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['user/login', { api: (state, fields) => state.login(fields) }],
  ['user/logout', { api: (state, fields) => state.logout(fields) }],
  ['webhook/add', { api: (state, fields) => state.add(fields) }],
  ['webhook/update', { api: (state, fields) => state.update(fields) }],
  ['webhook/list', { api: (state, fields) => state.list(fields) }],
  ['webhook/delete', { api: (state, fields) => state.remove(fields) }],
  ...[...CONTROL_ROUTES].map(([path, control]): [string, Route] => [path, { control }]),
]);

type MutableLogEntry = { -readonly [K in keyof SandboxRequestLogEntry]: SandboxRequestLogEntry[K] };

interface Listening {
  readonly http: RunningHttpServer;
  readonly url: string;
  readonly controlToken: string;
}

function normalizeBasePath(raw: string | undefined): string {
  let path = raw === undefined || raw === '' ? '/' : raw;
  if (!path.startsWith('/')) path = `/${path}`;
  if (!path.endsWith('/')) path = `${path}/`;
  return path;
}

export class SandboxServer {
  private readonly basePath: string;
  private readonly state: SandboxState;
  private readonly faults = new FaultQueue();
  private readonly delays = new PendingDelays();
  private readonly controlContext: ControlContext;
  private readonly log: SandboxRequestLogEntry[] = [];
  private readonly deliveries: SandboxDeliveryLogEntry[] = [];
  /** Aborted by stop(): in-flight deliveries and their pending retries end with the server. */
  private deliveryAbort = new AbortController();
  private listening: Listening | undefined;
  private nextMessageId = FIRST_MESSAGE_ID;

  constructor(private readonly options: SandboxOptions = {}) {
    this.basePath = normalizeBasePath(options.basePath);
    this.state = new SandboxState({
      accounts: options.accounts ?? [DEFAULT_SANDBOX_ACCOUNT],
      seed: options.seed ?? true,
      bigIds: options.bigIds ?? false,
      ...(options.state ? { state: options.state } : {}),
      ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
    });
    this.controlContext = {
      state: this.state,
      faults: this.faults,
      fireEvent: (username, type, event) => this.fireEvent(username, type, event),
    };
  }

  /** Lines and hooks as plain data (ids as decimal strings); no passwords, no session keys. */
  snapshot(): SandboxSnapshot {
    return this.state.snapshot();
  }

  /** `http://127.0.0.1:PORT/` plus the base path. Throws when the server is not running. */
  get baseUrl(): string {
    return this.current().url;
  }

  /** The secret the `__sandbox/*` routes need, new at every start. Throws when the server is not running. */
  get controlToken(): string {
    return this.current().controlToken;
  }

  get running(): boolean {
    return this.listening !== undefined;
  }

  /** The last 1000 requests, oldest first. */
  get requestLog(): readonly SandboxRequestLogEntry[] {
    return this.log;
  }

  /** Listens; resolves with the base URL. Calling it again while running returns the same URL. */
  async start(): Promise<string> {
    if (this.listening) return this.listening.url;
    const http = await listenHttp(
      (req, res) => {
        this.handle(req, res).catch(() => {
          if (!res.headersSent && !res.destroyed) sendJson(res, 500, { success: false, response: 'Internal sandbox error.' });
          else res.destroy();
        });
      },
      { ...this.options.limits, host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 0 },
    );
    this.listening = { http, url: new URL(this.basePath, http.url).href, controlToken: newControlToken() };
    return this.listening.url;
  }

  /** Stops listening and closes every connection, including ones held by a slow fault. */
  async stop(): Promise<void> {
    const listening = this.listening;
    this.listening = undefined;
    this.deliveryAbort.abort();
    this.deliveryAbort = new AbortController();
    this.delays.cancelAll();
    await listening?.http.close();
  }

  /** Adds a line (or changes the password of an existing one); returns its device id. */
  addAccount(account: SandboxAccount): string {
    return this.state.addAccount(account);
  }

  /** The next `count` API calls fail this way (after faults injected earlier). */
  injectFaults(fault: SandboxFault, count = 1): void {
    this.faults.push(fault, count);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** How many API calls will still fail. */
  get pendingFaults(): number {
    return this.faults.pending;
  }

  /** The hooks of a line, in creation order. Throws for an unknown username. */
  hooks(username: string): Webhook[] {
    return this.state.hooks(username);
  }

  /** The device id of a line. Throws for an unknown username. */
  deviceId(username: string): string {
    return this.state.deviceId(username);
  }

  /** How many session keys were minted for this username (revoked ones included). */
  sessionsIssued(username: string): number {
    return this.state.sessionsIssued(username);
  }

  /** See SandboxState.honour: a key of this line from before a restart is valid again. */
  honourSession(username: string, key: string): boolean {
    return this.state.honour(username, key);
  }

  isSessionValid(key: string): boolean {
    return this.state.isSessionValid(key);
  }

  /**
   * Fires an event on a line: every hook listening to type/event gets the hook's method at its url, with a
   * realistic message payload and Zipwhip's headers (message/progress: the status sequence 1 → 2 → 4, in
   * order). Failed deliveries are retried (see SandboxOptions.deliveryRetry) and every attempt is kept in
   * deliveryLog(). Never throws for a failed delivery: see the results.
   */
  async fireEvent(username: string, type: string, event: string, options: FireOptions = {}): Promise<DeliveryResult[]> {
    const targets = this.state.hooks(username).filter((h) => h.type === type && h.event === event);
    return deliverEvent(targets, {
      username,
      deviceId: this.state.deviceId(username),
      type,
      event,
      messageId: this.nextMessageId++,
      ...(this.options.deliveryRetry ? { retry: this.options.deliveryRetry } : {}),
      ...options,
      signal: this.deliveryAbort.signal,
      onAttempt: (hook, attempt, index) => {
        this.deliveries.push({
          ...attempt,
          username,
          webhookId: hook.webhookId,
          type,
          event,
          method: hook.method,
          url: hook.url,
          attempt: index + 1,
        });
        if (this.deliveries.length > DELIVERY_LOG_LIMIT) this.deliveries.splice(0, this.deliveries.length - DELIVERY_LOG_LIMIT);
      },
    });
  }

  /** The last 200 delivery attempts (of all lines, or of one), oldest first; group by webhookId per hook. */
  deliveryLog(username?: string): SandboxDeliveryLogEntry[] {
    return this.deliveries.filter((entry) => username === undefined || entry.username === username);
  }

  private current(): Listening {
    if (!this.listening) throw new Error('The sandbox server is not running.');
    return this.listening;
  }

  private record(entry: MutableLogEntry): MutableLogEntry {
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);
    return entry;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const listening = this.listening;
    if (!listening) {
      req.socket.destroy();
      return;
    }
    // A web page that rebinds its own name to 127.0.0.1 still sends that name: refused before anything is done.
    if (!isAllowedHost(req, { bindHost: listening.http.host, port: listening.http.port, allowed: this.options.allowedHosts ?? [] })) {
      req.resume();
      sendJson(
        res,
        403,
        { success: false, response: 'The sandbox answers only requests addressed to its own address (the Host header names another).' },
        { connection: 'close' },
      );
      return;
    }
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(target, 'http://sandbox.invalid');
    } catch {
      this.record({ method, url: target, path: target });
      sendJson(res, 400, { success: false, response: 'Bad request target.' }, { connection: 'close' });
      return;
    }
    const logEntry = this.record({ method, url: target, path: url.pathname });

    const route = url.pathname.startsWith(this.basePath) ? url.pathname.slice(this.basePath.length) : undefined;
    const handler = route === undefined ? undefined : ROUTES.get(route);
    if (!handler) {
      req.resume();
      sendJson(res, 404, { success: false, response: `Unknown call: ${url.pathname}` });
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      req.resume();
      sendJson(res, 405, { success: false, response: `Method ${method} is not allowed.` }, { allow: 'GET, POST' });
      return;
    }

    const body = await readForm(req);
    if (body === 'tooLarge') {
      sendJson(res, 413, { success: false, response: 'The request body is too large.' }, { connection: 'close' });
      return;
    }
    if (body === 'aborted') return;
    const fields = new Fields(url.searchParams, body);
    const session = fields.get('session');
    if (session !== undefined) logEntry.session = session;

    try {
      if ('control' in handler) {
        checkControlToken(req, fields, listening.controlToken);
        sendJson(res, 200, { success: true, response: await handleControl(handler.control, method, fields, this.controlContext) });
        return;
      }
      const fault = this.faults.take();
      if (fault && (await applyFault(fault, req, res, this.delays))) return;
      sendJson(res, 200, { success: true, response: handler.api(this.state, fields) });
    } catch (error: unknown) {
      if (!(error instanceof ReplyError)) throw error;
      sendFailure(res, error);
    }
  }
}
