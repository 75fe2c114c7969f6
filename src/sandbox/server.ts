/**
 * A stand-in Zipwhip server on node:http, faithful to docs/zipwhip-api.md ("What a faithful stand-in server
 * does"). Shipped code: the extension runs it in-process and `dist/sandbox-cli.js` runs it stand-alone.
 * No `vscode` import here, no dependency beyond node and the extension's own.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { stringifyJson } from '../model/losslessJson';
import { findEventSpec, isHookMethod, type Webhook } from '../model/webhook';
import { deliverEvent, type DeliveryResult, type DeliveryRetry } from './fanout';

export interface SandboxAccount {
  username: string;
  password: string;
}

export interface SandboxOptions {
  /** 0 picks a free port (the default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default one account: 4257772300 / sandbox. */
  accounts?: SandboxAccount[];
  /** Default true: three realistic hooks on each account's line. */
  seed?: boolean;
  /** Ids above 2^53 (starting at 1327295480212647936), to exercise lossless parsing. */
  bigIds?: boolean;
  /** Where the API lives, default '/'. E.g. '/api/' serves `/api/webhook/list`. */
  basePath?: string;
  /** Lines and hooks to start from (see snapshot()); the accounts' passwords still come from `accounts`. */
  state?: SandboxSnapshot;
  /** Called after every change to lines or hooks, e.g. to save a snapshot. */
  onStateChange?: () => void;
  /** Retries of failed deliveries; default 4 attempts, 200/400/800 ms apart (Zipwhip's 72 hours, compressed). */
  deliveryRetry?: DeliveryRetry;
}

/** One delivery attempt to a hook, as deliveryLog() lists it. */
export interface SandboxDeliveryLogEntry {
  readonly username: string;
  readonly webhookId: string;
  readonly type: string;
  readonly event: string;
  readonly method: string;
  readonly url: string;
  /** 1 for the first attempt of a delivery, 2 for its first retry, … */
  readonly attempt: number;
  /** ISO 8601. */
  readonly at: string;
  readonly status?: number;
  readonly error?: string;
  readonly durationMs: number;
  /** The first 200 characters of the response body. */
  readonly responseHead: string;
}

/** The lines and hooks of a sandbox, without passwords or session keys, so it can be kept and restored. */
export interface SandboxSnapshot {
  readonly nextId: string;
  readonly lines: readonly {
    readonly username: string;
    readonly deviceId: string;
    readonly hooks: readonly { readonly id: string; readonly type: string; readonly event: string; readonly url: string; readonly method: string }[];
  }[];
}

export type SandboxFault =
  | { kind: 'status500' }
  | { kind: 'status403' }
  | { kind: 'apiErrorString'; message?: string }
  | { kind: 'apiErrorObject'; code?: number; desc?: string }
  | { kind: 'notJson' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' };

export type SandboxFaultKind = SandboxFault['kind'];

export const SANDBOX_FAULT_KINDS: readonly SandboxFaultKind[] = [
  'status500',
  'status403',
  'apiErrorString',
  'apiErrorObject',
  'notJson',
  'slow',
  'drop',
];

export interface SandboxRequestLogEntry {
  readonly method: string;
  /** The request target exactly as received, query string included. */
  readonly url: string;
  readonly path: string;
  /** The `session` field the request carried (query or form body), when it had one. Tests use it to prove
   *  which server a key reached; it is never written anywhere. */
  readonly session?: string;
}

type MutableLogEntry = { -readonly [K in keyof SandboxRequestLogEntry]: SandboxRequestLogEntry[K] };

export const DEFAULT_SANDBOX_ACCOUNT: Readonly<SandboxAccount> = { username: '4257772300', password: 'sandbox' };

/** Defaults of the fault bodies, when the fault does not say. */
export const DEFAULT_FAULT_MESSAGE = 'The sandbox was told to fail this call.';
export const DEFAULT_FAULT_CODE = -1;
export const DEFAULT_FAULT_DESC = 'Simulated failure';

export const MAX_BODY_BYTES = 64 * 1024;
const REQUEST_LOG_LIMIT = 1000;
const DELIVERY_LOG_LIMIT = 200;
const MAX_FIRE_COUNT = 100;
const FIRST_ID = 687557714n;
const FIRST_BIG_ID = 1327295480212647936n;
const FIRST_DEVICE_ID = 377265507;
const WRONG_ARGUMENTS = { code: -703, desc: 'Wrong arguments' } as const;
const API_ROUTES = new Set([
  'user/login',
  'user/logout',
  'webhook/add',
  'webhook/update',
  'webhook/list',
  'webhook/delete',
]);
const CONTROL_FAULT = '__sandbox/fault';
const CONTROL_STATE = '__sandbox/state';
const CONTROL_FIRE = '__sandbox/fire';

const SEED_HOOKS: readonly { type: string; event: string; url: string; method: string }[] = [
  { type: 'message', event: 'receive', url: 'https://example.com/zipwhip/message/receive', method: 'POST' },
  { type: 'message', event: 'progress', url: 'https://example.com/zipwhip/message/progress', method: 'PUT' },
  { type: 'optout', event: 'change', url: 'http://localhost:3000/optout', method: 'POST' },
];

interface StoredHook {
  readonly id: bigint;
  readonly type: string;
  readonly event: string;
  url: string;
  method: string;
}

interface Line {
  readonly username: string;
  password: string;
  readonly deviceId: string;
  readonly hooks: StoredHook[];
}

interface Session {
  readonly line: Line;
}

interface PendingDelay {
  readonly timer: NodeJS.Timeout;
  readonly resolve: (completed: boolean) => void;
}

/** Thrown inside a handler to answer with an error envelope. */
class Reply extends Error {
  constructor(
    readonly status: number,
    readonly response: unknown,
  ) {
    super(`HTTP ${status}`);
    this.name = 'Reply';
  }
}

/** The request fields: the form body first, then the query string. Unknown fields are never read. */
class Fields {
  constructor(
    private readonly query: URLSearchParams,
    private readonly body: URLSearchParams,
  ) {}

  get(name: string): string | undefined {
    return this.body.get(name) ?? this.query.get(name) ?? undefined;
  }

  /** The field, or undefined when it is absent or empty. */
  optional(name: string): string | undefined {
    const value = this.get(name);
    return value === undefined || value === '' ? undefined : value;
  }
}

function normalizeBasePath(raw: string | undefined): string {
  let path = raw === undefined || raw === '' ? '/' : raw;
  if (!path.startsWith('/')) {
    path = `/${path}`;
  }
  if (!path.endsWith('/')) {
    path = `${path}/`;
  }
  return path;
}

function isHttpUrl(text: string): boolean {
  if (text !== text.trim() || text === '') {
    return false;
  }
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function toWire(hook: StoredHook): Record<string, unknown> {
  return { webhookId: hook.id, type: hook.type, event: hook.event, url: hook.url, method: hook.method };
}

function toWebhook(hook: StoredHook): Webhook {
  return { webhookId: hook.id.toString(), type: hook.type, event: hook.event, url: hook.url, method: hook.method };
}

/** Parses the fields of a control-route fault. Throws a Reply on a bad value. */
function parseFault(fields: Fields): SandboxFault {
  const kind = fields.optional('kind');
  const badRequest = (message: string): Reply => new Reply(400, message);
  const integer = (name: string): number | undefined => {
    const text = fields.optional(name);
    if (text === undefined) {
      return undefined;
    }
    if (!/^-?\d+$/.test(text)) {
      throw badRequest(`The field ${name} must be an integer.`);
    }
    return Number(text);
  };
  switch (kind) {
    case 'status500':
    case 'status403':
    case 'notJson':
    case 'drop':
      return { kind };
    case 'apiErrorString': {
      const message = fields.optional('message');
      return message === undefined ? { kind } : { kind, message };
    }
    case 'apiErrorObject': {
      const code = integer('code');
      const desc = fields.optional('desc');
      return {
        kind,
        ...(code === undefined ? {} : { code }),
        ...(desc === undefined ? {} : { desc }),
      };
    }
    case 'slow': {
      const delayMs = integer('delayMs') ?? 1000;
      if (delayMs < 0 || delayMs > 600_000) {
        throw badRequest('The field delayMs must be between 0 and 600000.');
      }
      return { kind, delayMs };
    }
    default:
      throw badRequest(`The field kind must be one of ${SANDBOX_FAULT_KINDS.join(', ')} or clear.`);
  }
}

export class SandboxServer {
  private readonly options: SandboxOptions;
  private readonly basePath: string;
  private readonly seed: boolean;
  private readonly linesByUsername = new Map<string, Line>();
  private readonly sessions = new Map<string, Session>();
  private readonly issued = new Map<string, number>();
  private readonly faults: { fault: SandboxFault; remaining: number }[] = [];
  private readonly log: SandboxRequestLogEntry[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly delays = new Set<PendingDelay>();
  private readonly deliveries: SandboxDeliveryLogEntry[] = [];
  /** Aborted by stop(): in-flight deliveries and their pending retries end with the server. */
  private deliveryAbort = new AbortController();
  private server: Server | undefined;
  private url: string | undefined;
  private nextId: bigint;
  private nextDeviceId = FIRST_DEVICE_ID;

  constructor(options: SandboxOptions = {}) {
    this.options = options;
    this.basePath = normalizeBasePath(options.basePath);
    this.seed = options.seed ?? true;
    this.nextId = options.bigIds ? FIRST_BIG_ID : FIRST_ID;
    if (options.state) this.restore(options.state);
    for (const account of options.accounts ?? [DEFAULT_SANDBOX_ACCOUNT]) {
      this.addAccount(account);
    }
  }

  /** Lines and hooks as plain data (ids as decimal strings); no passwords, no session keys. */
  snapshot(): SandboxSnapshot {
    return {
      nextId: this.nextId.toString(),
      lines: [...this.linesByUsername.values()].map((line) => ({
        username: line.username,
        deviceId: line.deviceId,
        hooks: line.hooks.map((h) => ({ id: h.id.toString(), type: h.type, event: h.event, url: h.url, method: h.method })),
      })),
    };
  }

  private restore(state: SandboxSnapshot): void {
    if (/^\d+$/.test(state.nextId)) this.nextId = BigInt(state.nextId);
    for (const saved of state.lines) {
      if (!/^\d+$/.test(saved.deviceId)) continue;
      const hooks = saved.hooks
        .filter((h) => /^\d+$/.test(h.id) && findEventSpec(h.type, h.event) && isHttpUrl(h.url) && isHookMethod(h.method))
        .map((h) => ({ id: BigInt(h.id), type: h.type, event: h.event, url: h.url, method: h.method }));
      // A restored line has no password until an account names it; until then nobody can log in to it.
      this.linesByUsername.set(saved.username, { username: saved.username, password: randomUUID(), deviceId: saved.deviceId, hooks });
      this.nextDeviceId = Math.max(this.nextDeviceId, Number(saved.deviceId) + 1);
      for (const hook of hooks) if (hook.id >= this.nextId) this.nextId = hook.id + 1n;
    }
  }

  /** `http://127.0.0.1:PORT/` plus the base path. Throws when the server is not running. */
  get baseUrl(): string {
    if (this.url === undefined) {
      throw new Error('The sandbox server is not running.');
    }
    return this.url;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** The last 1000 requests, oldest first. */
  get requestLog(): readonly SandboxRequestLogEntry[] {
    return this.log;
  }

  /** Listens; resolves with the base URL. Calling it again while running returns the same URL. */
  async start(): Promise<string> {
    if (this.server && this.url !== undefined) {
      return this.url;
    }
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) {
          this.send(res, 500, { success: false, response: 'Internal sandbox error.' });
        } else {
          res.destroy();
        }
      });
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(error);
      };
      server.once('error', onError);
      server.listen(this.options.port ?? 0, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.server = server;
    this.url = `http://${shownHost}:${port}${this.basePath}`;
    return this.url;
  }

  /** Stops listening and closes every connection, including ones held by a slow fault. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.url = undefined;
    this.deliveryAbort.abort();
    this.deliveryAbort = new AbortController();
    for (const delay of this.delays) {
      clearTimeout(delay.timer);
      delay.resolve(false);
    }
    this.delays.clear();
    if (!server) {
      return;
    }
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
      for (const socket of this.sockets) {
        socket.destroy();
      }
      this.sockets.clear();
    });
  }

  /** Adds a line (or changes the password of an existing one); returns its device id. */
  addAccount(account: SandboxAccount): string {
    const existing = this.linesByUsername.get(account.username);
    if (existing) {
      existing.password = account.password;
      return existing.deviceId;
    }
    const line: Line = {
      username: account.username,
      password: account.password,
      deviceId: String(this.nextDeviceId++),
      hooks: [],
    };
    this.linesByUsername.set(account.username, line);
    if (this.seed) {
      for (const hook of SEED_HOOKS) {
        line.hooks.push({ id: this.nextId++, ...hook });
      }
    }
    return line.deviceId;
  }

  /** The next `count` API calls fail this way (after faults injected earlier). */
  injectFaults(fault: SandboxFault, count = 1): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError('count must be a positive integer.');
    }
    this.faults.push({ fault: { ...fault }, remaining: count });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** How many API calls will still fail. */
  get pendingFaults(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }

  /** The hooks of a line, in creation order. Throws for an unknown username. */
  hooks(username: string): Webhook[] {
    return this.lineOf(username).hooks.map(toWebhook);
  }

  /** The device id of a line. Throws for an unknown username. */
  deviceId(username: string): string {
    return this.lineOf(username).deviceId;
  }

  /** How many session keys were minted for this username (revoked ones included). */
  sessionsIssued(username: string): number {
    return this.issued.get(username) ?? 0;
  }

  isSessionValid(key: string): boolean {
    return this.sessions.has(key);
  }

  /**
   * Fires an event on a line: every hook listening to type/event gets the hook's method at its url, with a
   * realistic message payload and Zipwhip's headers (message/progress: the status sequence 1 → 2 → 4, in
   * order). Failed deliveries are retried (see SandboxOptions.deliveryRetry) and every attempt is kept in
   * deliveryLog(). Never throws for a failed delivery: see the results.
   */
  async fireEvent(
    username: string,
    type: string,
    event: string,
    options: { timeoutMs?: number; body?: string } = {},
  ): Promise<DeliveryResult[]> {
    const line = this.lineOf(username);
    const targets = line.hooks.filter((h) => h.type === type && h.event === event).map(toWebhook);
    return deliverEvent(targets, {
      username: line.username,
      deviceId: line.deviceId,
      type,
      event,
      ...options,
      ...(this.options.deliveryRetry ? { retry: this.options.deliveryRetry } : {}),
      signal: this.deliveryAbort.signal,
      onAttempt: (hook, attempt, index) => {
        const number = index + 1;
        this.deliveries.push({ username: line.username, webhookId: hook.webhookId, type, event, method: hook.method, url: hook.url, attempt: number, ...attempt });
        if (this.deliveries.length > DELIVERY_LOG_LIMIT) this.deliveries.splice(0, this.deliveries.length - DELIVERY_LOG_LIMIT);
      },
    });
  }

  /** The last 200 delivery attempts (of all lines, or of one), oldest first; group by webhookId per hook. */
  deliveryLog(username?: string): SandboxDeliveryLogEntry[] {
    return this.deliveries.filter((entry) => username === undefined || entry.username === username);
  }

  private lineOf(username: string): Line {
    const line = this.linesByUsername.get(username);
    if (!line) {
      throw new Error(`The sandbox has no account ${username}.`);
    }
    return line;
  }

  private record(entry: MutableLogEntry): MutableLogEntry {
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_LIMIT) {
      this.log.splice(0, this.log.length - REQUEST_LOG_LIMIT);
    }
    return entry;
  }

  private takeFault(): SandboxFault | undefined {
    const head = this.faults[0];
    if (!head) {
      return undefined;
    }
    head.remaining -= 1;
    if (head.remaining <= 0) {
      this.faults.shift();
    }
    return head.fault;
  }

  private delay(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const pending: PendingDelay = {
        timer: setTimeout(() => {
          this.delays.delete(pending);
          resolve(true);
        }, ms),
        resolve,
      };
      this.delays.add(pending);
    });
  }

  private send(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
    if (res.destroyed || res.writableEnded) {
      return;
    }
    const text = stringifyJson(body) ?? 'null';
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...extraHeaders,
    });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(target, 'http://sandbox.invalid');
    } catch {
      this.record({ method, url: target, path: target });
      this.send(res, 400, { success: false, response: 'Bad request target.' }, { connection: 'close' });
      return;
    }
    const logEntry = this.record({ method, url: target, path: url.pathname });

    const route = url.pathname.startsWith(this.basePath) ? url.pathname.slice(this.basePath.length) : undefined;
    const isControl = route === CONTROL_FAULT || route === CONTROL_STATE || route === CONTROL_FIRE;
    if (route === undefined || (!API_ROUTES.has(route) && !isControl)) {
      req.resume();
      this.send(res, 404, { success: false, response: `Unknown call: ${url.pathname}` });
      return;
    }
    if (method !== 'GET' && method !== 'POST') {
      req.resume();
      this.send(res, 405, { success: false, response: `Method ${method} is not allowed.` }, { allow: 'GET, POST' });
      return;
    }

    const body = await this.readBody(req);
    if (body === 'tooLarge') {
      this.send(res, 413, { success: false, response: 'The request body is too large.' }, { connection: 'close' });
      return;
    }
    if (body === 'aborted') {
      return;
    }
    const fields = new Fields(url.searchParams, body);
    const session = fields.get('session');
    if (session !== undefined) {
      logEntry.session = session;
    }

    try {
      if (isControl) {
        await this.control(route, method, fields, res);
        return;
      }
      const fault = this.takeFault();
      if (fault) {
        const handled = await this.applyFault(fault, req, res);
        if (handled) {
          return;
        }
      }
      const result = this.api(route, fields);
      this.send(res, 200, { success: true, response: result });
    } catch (error: unknown) {
      if (error instanceof Reply) {
        this.send(res, error.status, { success: false, response: error.response });
        return;
      }
      throw error;
    }
  }

  /** Reads a form body up to MAX_BODY_BYTES. Other content types give no fields. */
  private readBody(req: IncomingMessage): Promise<URLSearchParams | 'tooLarge' | 'aborted'> {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume();
      return Promise.resolve('tooLarge');
    }
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    const isForm = contentType === '' || contentType.startsWith('application/x-www-form-urlencoded');
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (result: URLSearchParams | 'tooLarge' | 'aborted'): void => {
        if (!done) {
          done = true;
          resolve(result);
        }
      };
      req.on('data', (chunk: Buffer) => {
        if (done) {
          return;
        }
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          finish('tooLarge');
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        finish(isForm ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : new URLSearchParams());
      });
      req.on('error', () => {
        finish('aborted');
      });
      req.on('close', () => {
        finish('aborted');
      });
    });
  }

  /** Answers a fault. Returns false when the call should then proceed normally (slow). */
  private async applyFault(fault: SandboxFault, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'status500':
        this.send(res, 500, { success: false, response: null });
        return true;
      case 'status403':
        this.send(res, 403, { success: false, response: null });
        return true;
      case 'apiErrorString':
        this.send(res, 200, { success: false, response: fault.message ?? DEFAULT_FAULT_MESSAGE });
        return true;
      case 'apiErrorObject':
        this.send(res, 400, {
          success: false,
          response: { code: fault.code ?? DEFAULT_FAULT_CODE, desc: fault.desc ?? DEFAULT_FAULT_DESC },
        });
        return true;
      case 'notJson': {
        const html = '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>';
        if (!res.destroyed) {
          res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(html) });
          res.end(html);
        }
        return true;
      }
      case 'drop':
        req.socket.destroy();
        return true;
      case 'slow': {
        const completed = await this.delay(fault.delayMs);
        // The call goes ahead only if the server still runs and the client still waits.
        return !completed || res.destroyed || req.socket.destroyed;
      }
    }
  }

  private async control(route: string, method: string, fields: Fields, res: ServerResponse): Promise<void> {
    if (route === CONTROL_STATE) {
      const username = fields.optional('username');
      const line = username === undefined ? undefined : this.linesByUsername.get(username);
      if (!line) {
        throw new Reply(404, 'Unknown username.');
      }
      this.send(res, 200, { success: true, response: line.hooks.map(toWire) });
      return;
    }
    if (method !== 'POST') {
      this.send(res, 405, { success: false, response: `Use POST for ${route}.` }, { allow: 'POST' });
      return;
    }
    if (route === CONTROL_FAULT) {
      if (fields.optional('kind') === 'clear') {
        this.clearFaults();
      } else {
        const fault = parseFault(fields);
        const countText = fields.optional('count') ?? '1';
        const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
        if (!Number.isInteger(count) || count < 1 || count > 10_000) {
          throw new Reply(400, 'The field count must be an integer from 1 to 10000.');
        }
        this.injectFaults(fault, count);
      }
      this.send(res, 200, { success: true, response: { pendingFaults: this.pendingFaults } });
      return;
    }
    // CONTROL_FIRE
    const username = fields.optional('username');
    const type = fields.optional('type');
    const event = fields.optional('event');
    if (username === undefined || !this.linesByUsername.has(username)) {
      throw new Reply(404, 'Unknown username.');
    }
    if (type === undefined || event === undefined || !findEventSpec(type, event)) {
      throw new Reply(400, WRONG_ARGUMENTS);
    }
    const countText = fields.optional('count') ?? '1';
    const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
    if (!Number.isInteger(count) || count < 1 || count > MAX_FIRE_COUNT) {
      throw new Reply(400, `The field count must be an integer from 1 to ${MAX_FIRE_COUNT}.`);
    }
    const results: DeliveryResult[] = [];
    for (let i = 0; i < count; i++) {
      results.push(...(await this.fireEvent(username, type, event)));
    }
    this.send(res, 200, { success: true, response: results });
  }

  /** The six calls. Returns the success payload or throws a Reply. */
  private api(route: string, fields: Fields): unknown {
    if (route === 'user/login') {
      const username = fields.get('username');
      const password = fields.get('password');
      const line = username === undefined ? undefined : this.linesByUsername.get(username);
      if (!line || password === undefined || password !== line.password) {
        throw new Reply(400, null);
      }
      const key = `${randomUUID()}:${line.deviceId}`;
      this.sessions.set(key, { line });
      this.issued.set(line.username, (this.issued.get(line.username) ?? 0) + 1);
      return key;
    }

    const key = fields.get('session');
    const session = key === undefined ? undefined : this.sessions.get(key);
    if (key === undefined || !session) {
      throw new Reply(403, null);
    }
    const line = session.line;
    const wrongArguments = (): Reply => new Reply(400, WRONG_ARGUMENTS);
    const method = (): string | undefined => {
      const text = fields.optional('method');
      if (text === undefined) {
        return undefined;
      }
      const upper = text.toUpperCase();
      if (!isHookMethod(upper)) {
        throw wrongArguments();
      }
      return upper;
    };
    const findHook = (): StoredHook => {
      const id = fields.optional('webhookId');
      if (id === undefined || !/^\d+$/.test(id)) {
        throw wrongArguments();
      }
      const wanted = BigInt(id);
      const hook = line.hooks.find((h) => h.id === wanted);
      if (!hook) {
        throw wrongArguments();
      }
      return hook;
    };

    switch (route) {
      case 'user/logout':
        this.sessions.delete(key);
        return null;
      case 'webhook/list':
        return line.hooks.map(toWire);
      case 'webhook/add': {
        const type = fields.optional('type');
        const event = fields.optional('event');
        const url = fields.optional('url');
        if (type === undefined || event === undefined || !findEventSpec(type, event)) {
          throw wrongArguments();
        }
        if (url === undefined || !isHttpUrl(url)) {
          throw wrongArguments();
        }
        const hookMethod = method() ?? 'POST';
        const hook: StoredHook = { id: this.nextId++, type, event, url, method: hookMethod };
        line.hooks.push(hook);
        this.options.onStateChange?.();
        return [toWire(hook)];
      }
      case 'webhook/update': {
        const hook = findHook();
        const url = fields.optional('url');
        if (url !== undefined && !isHttpUrl(url)) {
          throw wrongArguments();
        }
        const newMethod = method();
        if (url !== undefined) {
          hook.url = url;
        }
        if (newMethod !== undefined) {
          hook.method = newMethod;
        }
        this.options.onStateChange?.();
        return [toWire(hook)];
      }
      case 'webhook/delete': {
        const hook = findHook();
        line.hooks.splice(line.hooks.indexOf(hook), 1);
        this.options.onStateChange?.();
        return [];
      }
      default:
        throw new Reply(404, `Unknown call: ${route}`);
    }
  }
}
