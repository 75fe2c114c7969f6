/**
 * The one way the extension listens for HTTP (the receiver and the sandbox): bounded connections and
 * time-outs, so a flood of idle or dribbling clients cannot exhaust the editor's file descriptors, and a
 * `Host` check, so a web page cannot reach a loopback server through DNS rebinding. No `vscode` import.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { isIPv6, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface HttpServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Connections held at once; more are closed as they arrive. Default 128. */
  readonly maxConnections?: number;
  /** Time for a client to send the request head. Default 5 s. */
  readonly headersTimeoutMs?: number;
  /** Time for a client to send the whole request. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. Default 5 s. */
  readonly keepAliveTimeoutMs?: number;
}

export interface RunningHttpServer {
  /** `http://127.0.0.1:PORT/` (brackets around an IPv6 host). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes every connection, idle or not. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_CONNECTIONS = 128;
export const DEFAULT_HEADERS_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Listens with `handler`; resolves once listening, rejects with the listen error (EADDRINUSE, EACCES…). */
export async function listenHttp(handler: RequestListener, options: HttpServerOptions = {}): Promise<RunningHttpServer> {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const server: Server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout),
      // Node checks both time-outs on this interval (30 s by default), which would let a slow client stay far longer.
      connectionsCheckingInterval: Math.min(1000, headersTimeout),
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
    },
    handler,
  );
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host part of a `Host` header (brackets kept for IPv6) and its port, lower-cased; undefined when malformed. */
export function parseHostHeader(value: string | undefined): { name: string; port: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._~-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  return { name: match[1].toLowerCase(), port: match[2] ?? '80' };
}

/** Which `Host` headers a server answers: its own address, and names the user allowed (e.g. a tunnel's). */
export interface HostPolicy {
  /** The address it listens on: 127.0.0.1, 0.0.0.0, ::1… */
  readonly bindHost: string;
  readonly port: number;
  /** `name` (any port) or `name:port`, lower case. */
  readonly allowed?: readonly string[];
}

function localAddresses(): Set<string> {
  const names = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) names.add(info.family === 'IPv6' ? `[${info.address.toLowerCase()}]` : info.address);
  }
  return names;
}

/** An allowed entry as [name, port?], lower case; a bare IPv6 address (`fd00::1`) is a name without a port. */
function splitAllowedEntry(entry: string): [string, string | undefined] {
  const text = entry.trim().toLowerCase();
  if (isIPv6(text)) return [`[${text}]`, undefined];
  const match = /^(.*):(\d+)$/.exec(text);
  return match?.[1] ? [match[1], match[2]] : [text, undefined];
}

/**
 * True when the request names this server: loopback (127.0.0.1, localhost, [::1]) at its port, any of the
 * machine's addresses when it listens on all interfaces, or an allowed name. A web page that rebinds its own
 * name to 127.0.0.1 still sends its own name, and is refused.
 */
export function isAllowedHost(req: Pick<IncomingMessage, 'headers'>, policy: HostPolicy): boolean {
  const host = parseHostHeader(req.headers.host);
  if (!host) return false;
  for (const entry of policy.allowed ?? []) {
    const [name, port] = splitAllowedEntry(entry);
    if (name === host.name && (port === undefined || port === host.port)) return true;
  }
  if (host.port !== String(policy.port)) return false;
  if (LOOPBACK_NAMES.has(host.name)) return true;
  const bind = policy.bindHost.toLowerCase();
  const all = bind === '0.0.0.0' || bind === '::';
  return all ? localAddresses().has(host.name) : host.name === bind || host.name === `[${bind}]`;
}
