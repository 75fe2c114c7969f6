/**
 * A local HTTP endpoint to point hooks at while writing a receiver: it answers 200 `{"ok":true}` to every
 * request addressed to it, whatever the method or path, and keeps what it received in a CaptureStore. Built
 * to keep up with a bare node:http server (see test/bench/receiver.mjs): no disk I/O, no JSON work
 * per request, one pre-built response, the body kept as received (one chunk is used as is, never copied).
 *
 * A request whose `Host` names another server (a web page that rebound its own name to 127.0.0.1, or a
 * tunnel not yet allowed) is refused with 403 and not kept.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAllowedHost, listenHttp, type RunningHttpServer } from '../net/httpServer';
import type { Capture, CaptureStore } from './captureStore';
import { forward, type ForwardRelay, type ForwardResult } from './forwarder';
import { recognizeEvent } from './recognizeEvent';

/** How the server forwards what it captures to the developer's handlers (see forwarder.ts). */
export interface Forwarding {
  /** The handlers of a captured event (`type:event`, or undefined when not recognised); none: capture only. */
  targetsFor(event: string | undefined): readonly string[];
  /** True while forwarding is paused: requests are captured and answered 200, as in capture-only mode. */
  paused(): boolean;
  readonly timeoutMs: number;
  /** A capture is being forwarded (shown pending until `onForwarded`). */
  onPending(capture: Capture): void;
  /** Its handlers answered (or failed); the capture, with their results, then goes into the store. */
  onForwarded(capture: Capture): void;
}

/** A body larger than this is captured (its head) but not forwarded: the sender gets 413. */
export const MAX_FORWARDED_BODY_BYTES = 16 * 1024 * 1024;

export interface CaptureServerOptions {
  /** Default 127.0.0.1: the receiver is for this machine only unless you say otherwise. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly store: CaptureStore;
  /** Bytes of body kept per request; default 1 MiB. Larger bodies are still read to the end and counted. */
  readonly maxBodyBytes?: number;
  /** `Host` names answered besides the receiver's own address (`name` or `name:port`), e.g. a tunnel's. */
  readonly allowedHosts?: readonly string[];
  /** Called (at most once per event-loop turn) after requests were refused for their `Host`. */
  readonly onRefused?: () => void;
  /** Default 5 s: time for a client to send the request head. */
  readonly headersTimeoutMs?: number;
  /** Default 30 s: time for a client to send the whole request (a 1 MiB body on a slow tunnel included). */
  readonly requestTimeoutMs?: number;
  /** Default 64. */
  readonly maxConnections?: number;
  /** Forward each capture to the developer's handlers; absent: capture only, answer 200. */
  readonly forwarding?: Forwarding;
}

export const MAX_CAPTURED_BODY_BYTES = 1024 * 1024;
export const RECEIVER_MAX_CONNECTIONS = 64;
export const RECEIVER_HEADERS_TIMEOUT_MS = 5_000;
export const RECEIVER_REQUEST_TIMEOUT_MS = 30_000;

const OK_BODY = Buffer.from('{"ok":true}');
const OK_HEADERS = ['Content-Type', 'application/json', 'Content-Length', String(OK_BODY.length)];

/** Verdicts per `Host` value, so the hot path asks isAllowedHost once per distinct value, not per request. */
const MAX_REMEMBERED_HOSTS = 64;

/**
 * `new Date().toISOString()` costs more than the rest of a capture together; under load many requests
 * arrive within one millisecond, so reuse the text while Date.now() has not moved.
 */
let lastMs = -1;
let lastIso = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function headerPairs(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return pairs;
}

/** The first `Host` value of the raw headers (cheaper than building `req.headers`). */
function hostOf(raw: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    if (name.length === 4 && name.toLowerCase() === 'host') return raw[i + 1];
  }
  return undefined;
}

/** UTF-8 text when the bytes are valid UTF-8; a truncated body may end inside a character, so allow that. */
function textOf(bytes: Buffer, truncated: boolean): string | undefined {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  if (!truncated) return undefined;
  for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
    const head = bytes.subarray(0, bytes.length - cut);
    if (isUtf8(head)) return head.toString('utf8');
  }
  return undefined;
}

function refusal(url: string): { body: Buffer; headers: string[] } {
  const body = Buffer.from(
    `This Zipwhip receiver answers only requests addressed to ${url} (its Host header). ` +
      'To receive through a tunnel or another name, add that host name to the VS Code setting ' +
      'zipwhip.receiver.allowedHosts (e.g. "abc.ngrok.app").\n',
  );
  // Connection: close: the body of a refused request is not worth reading.
  return { body, headers: ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length), 'Connection', 'close'] };
}

export class CaptureServer {
  private readonly options: CaptureServerOptions;
  private readonly maxBodyBytes: number;
  private live: { server: RunningHttpServer; url: string; refusal: { body: Buffer; headers: string[] } } | undefined;
  private allowedHosts: readonly string[];
  private readonly hostVerdicts = new Map<string, boolean>();
  private refused = 0;
  private refusedPending = false;
  /** Capture ids: a random per-start prefix and a counter, unique across restarts and windows without a random call per request. */
  private idPrefix = '';
  private counter = 0;

  constructor(options: CaptureServerOptions) {
    this.options = options;
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_CAPTURED_BODY_BYTES;
    this.allowedHosts = options.allowedHosts ?? [];
  }

  get running(): boolean {
    return this.live !== undefined;
  }

  /** `http://127.0.0.1:PORT/`. Throws when not running. */
  get url(): string {
    if (this.live === undefined) throw new Error('The capture server is not running.');
    return this.live.url;
  }

  /** Requests refused for their `Host` since this server was made. */
  get refusedCount(): number {
    return this.refused;
  }

  setAllowedHosts(hosts: readonly string[]): void {
    this.allowedHosts = [...hosts];
    this.hostVerdicts.clear();
  }

  /** Listens; resolves with the URL. Calling it again while running returns the same URL. */
  async start(): Promise<{ url: string }> {
    if (this.live) return { url: this.live.url };
    const server = await listenHttp(
      (req, res) => {
        this.onRequest(req, res);
      },
      {
        host: this.options.host ?? '127.0.0.1',
        port: this.options.port ?? 0,
        maxConnections: this.options.maxConnections ?? RECEIVER_MAX_CONNECTIONS,
        headersTimeoutMs: this.options.headersTimeoutMs ?? RECEIVER_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: this.options.requestTimeoutMs ?? RECEIVER_REQUEST_TIMEOUT_MS,
      },
    );
    this.idPrefix = randomBytes(4).toString('hex');
    this.counter = 0;
    this.hostVerdicts.clear();
    this.live = { server, url: server.url, refusal: refusal(server.url) };
    return { url: server.url };
  }

  /** Stops listening and closes every open connection. */
  async stop(): Promise<void> {
    const running = this.live;
    this.live = undefined;
    if (running) await running.server.close();
  }

  private allows(host: string | undefined): boolean {
    const server = this.live?.server;
    if (host === undefined || !server) return false;
    let verdict = this.hostVerdicts.get(host);
    if (verdict === undefined) {
      verdict = isAllowedHost({ headers: { host } }, { bindHost: server.host, port: server.port, allowed: this.allowedHosts });
      if (this.hostVerdicts.size >= MAX_REMEMBERED_HOSTS) this.hostVerdicts.clear();
      this.hostVerdicts.set(host, verdict);
    }
    return verdict;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (!this.allows(hostOf(req.rawHeaders))) {
      this.refuse(res);
      return;
    }
    const forwarding = this.options.forwarding;
    if (forwarding && !forwarding.paused()) {
      this.forwardRequest(req, res, forwarding);
      return;
    }
    const limit = this.maxBodyBytes;
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept >= limit) return;
      const part = kept + chunk.length <= limit ? chunk : chunk.subarray(0, limit - kept);
      chunks.push(part);
      kept += part.length;
    });
    req.on('end', () => {
      const capture = this.capture(req, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, kept), size);
      this.options.store.add(forwarding ? { ...capture, forwarding: 'paused' } : capture);
      res.writeHead(200, OK_HEADERS);
      res.end(OK_BODY);
    });
    // A client that goes away mid-body: nothing complete to keep, nobody to answer.
    req.on('error', () => {
      res.destroy();
    });
  }

  private refuse(res: ServerResponse): void {
    this.refused++;
    const refusalReply = this.live?.refusal ?? refusal('this receiver');
    res.writeHead(403, refusalReply.headers);
    res.end(refusalReply.body);
    const onRefused = this.options.onRefused;
    if (onRefused && !this.refusedPending) {
      this.refusedPending = true;
      setImmediate(() => {
        this.refusedPending = false;
        onRefused();
      });
    }
  }

  /**
   * Reads the whole body (up to MAX_FORWARDED_BODY_BYTES), shows the capture pending, sends it to every handler
   * of its event, keeps what each answered, and answers the sender with the first handler's answer.
   */
  private forwardRequest(req: IncomingMessage, res: ServerResponse, forwarding: Forwarding): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORWARDED_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', () => {
      res.destroy();
    });
    req.on('end', () => {
      const whole = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
      const capture = this.capture(req, whole.subarray(0, this.maxBodyBytes), size);
      const targets = forwarding.targetsFor(capture.event);
      if (targets.length === 0 || size > MAX_FORWARDED_BODY_BYTES) {
        this.options.store.add(capture);
        if (size > MAX_FORWARDED_BODY_BYTES) answerText(res, 413, `The body (${size} bytes) is too large to forward; it was captured.\n`);
        else res.writeHead(200, OK_HEADERS).end(OK_BODY);
        return;
      }
      forwarding.onPending({ ...capture, forwarding: 'pending' });
      void forward({ method: capture.method, target: capture.path, headers: capture.headers, body: whole }, targets, {
        timeoutMs: forwarding.timeoutMs,
      }).then(({ results, relay }) => {
        forwarding.onForwarded({ ...capture, forwards: results });
        answerSender(res, relay, results[0]);
      });
    });
  }

  private capture(req: IncomingMessage, bytes: Buffer, size: number): Capture {
    const truncated = size > bytes.length;
    const text = textOf(bytes, truncated);
    const target = req.url ?? '/';
    const recognized = recognizeEvent(target, text);
    // One object literal with every key present keeps captures one hidden class (cheaper than spreads);
    // keys left undefined vanish when the store is written as JSON.
    const capture: Capture = {
      id: `${this.idPrefix}-${++this.counter}`,
      receivedAt: isoNow(),
      method: req.method ?? 'GET',
      path: target,
      headers: headerPairs(req.rawHeaders),
      body: text ?? bytes.toString('base64'),
      isText: text !== undefined,
      size,
      truncated,
      remoteAddress: req.socket.remoteAddress,
      event: recognized?.event,
      eventFrom: recognized?.from,
    };
    return capture;
  }
}

function answerText(res: ServerResponse, status: number, text: string): void {
  if (res.destroyed) return;
  const body = Buffer.from(text);
  res.writeHead(status, ['Content-Type', 'text/plain; charset=utf-8', 'Content-Length', String(body.length)]);
  res.end(body);
}

/** The first handler's answer back to the sender; 504 when it timed out, 502 when it failed otherwise. */
function answerSender(res: ServerResponse, relay: ForwardRelay | undefined, first: ForwardResult | undefined): void {
  if (res.destroyed) return;
  if (relay) {
    const headers = relay.headers.filter(([name]) => name.toLowerCase() !== 'content-length').flatMap(([name, value]) => [name, value]);
    res.writeHead(relay.status, [...headers, 'Content-Length', String(relay.body.length)]);
    res.end(relay.body);
    return;
  }
  const why =
    first?.failure?.message ?? (first?.status === undefined ? 'no answer' : `an answer too large to relay (HTTP ${first.status})`);
  answerText(res, first?.failure?.kind === 'timeout' ? 504 : 502, `The handler at ${first?.url ?? '?'} did not answer: ${why}\n`);
}
