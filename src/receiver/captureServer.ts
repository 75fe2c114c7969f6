/**
 * A local HTTP endpoint to point hooks at while writing a receiver: it answers 200 `{"ok":true}` to every
 * request, whatever the method or path, and keeps what it received in a CaptureStore. Built to keep up with
 * a bare node:http server (see test/scripts/bench-receiver.mjs): no disk I/O, no JSON work per request, one
 * pre-built response, the body kept as received (one chunk is used as is, never copied).
 */
import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Capture, CaptureStore } from './captureStore';
import { recognizeEvent } from './recognizeEvent';

export interface CaptureServerOptions {
  /** Default 127.0.0.1: the receiver is for this machine only unless you say otherwise. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  readonly store: CaptureStore;
  /** Bytes of body kept per request; default 1 MiB. Larger bodies are still read to the end and counted. */
  readonly maxBodyBytes?: number;
}

export const MAX_CAPTURED_BODY_BYTES = 1024 * 1024;

const OK_BODY = Buffer.from('{"ok":true}');
const OK_HEADERS = ['Content-Type', 'application/json', 'Content-Length', String(OK_BODY.length)];

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

export class CaptureServer {
  private readonly options: CaptureServerOptions;
  private readonly maxBodyBytes: number;
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private address: string | undefined;
  /** Capture ids: a per-start prefix and a counter, unique across restarts without a random call per request. */
  private idPrefix = '';
  private counter = 0;

  constructor(options: CaptureServerOptions) {
    this.options = options;
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_CAPTURED_BODY_BYTES;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** `http://127.0.0.1:PORT/`. Throws when not running. */
  get url(): string {
    if (this.address === undefined) throw new Error('The capture server is not running.');
    return this.address;
  }

  /** Listens; resolves with the URL. Calling it again while running returns the same URL. */
  async start(): Promise<{ url: string }> {
    if (this.server && this.address !== undefined) return { url: this.address };
    const server = createServer((req, res) => {
      this.onRequest(req, res);
    });
    // Keep-alive clients (the benchmark, curl loops) should not be cut between requests.
    server.keepAliveTimeout = 30_000;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.idPrefix = Date.now().toString(36);
    this.counter = 0;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    return { url: this.address };
  }

  /** Stops listening and closes every open connection. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.address = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
      this.sockets.clear();
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
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
      this.record(req, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, kept), size);
      res.writeHead(200, OK_HEADERS);
      res.end(OK_BODY);
    });
    // A client that goes away mid-body: nothing complete to keep, nobody to answer.
    req.on('error', () => {
      res.destroy();
    });
  }

  private record(req: IncomingMessage, bytes: Buffer, size: number): void {
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
    this.options.store.add(capture);
  }
}
