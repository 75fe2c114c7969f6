/** Test helpers: raw HTTP calls with undici and tiny node:http servers. Imported by tests, not run as tests. */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { request, type Dispatcher } from 'undici';

export interface RawResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

export type FormFields = Record<string, string>;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** POSTs a form body to base + path. */
export async function postForm(
  baseUrl: string,
  path: string,
  fields: FormFields,
  dispatcher?: Dispatcher,
): Promise<RawResponse> {
  const response = await request(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    dispatcher,
  });
  const text = await response.body.text();
  return { status: response.statusCode, contentType: header(response.headers, 'content-type'), text };
}

/** GETs base + path with the fields in the query string. */
export async function getQuery(
  baseUrl: string,
  path: string,
  fields: FormFields,
  dispatcher?: Dispatcher,
): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  for (const [name, value] of Object.entries(fields)) {
    url.searchParams.set(name, value);
  }
  const response = await request(url, { method: 'GET', dispatcher });
  const text = await response.body.text();
  return { status: response.statusCode, contentType: header(response.headers, 'content-type'), text };
}

/** Parses an envelope from raw text with JSON.parse (fine for small ids) and checks its shape. */
export function envelope(response: RawResponse): { success: boolean; response: unknown } {
  const parsed = JSON.parse(response.text) as unknown;
  assert.ok(typeof parsed === 'object' && parsed !== null, `not an object: ${response.text}`);
  const { success, response: payload } = parsed as { success: unknown; response: unknown };
  assert.equal(typeof success, 'boolean', `no success flag: ${response.text}`);
  return { success: success as boolean, response: payload };
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface RawServer {
  readonly baseUrl: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** A tiny node:http server on 127.0.0.1:0 whose answers the test writes. */
export async function startRawServer(
  handler: (request: SeenRequest, res: ServerResponse) => void,
): Promise<RawServer> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

/** Writes a JSON (or any) body with a status. */
export function reply(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error: unknown) {
    return error;
  }
  assert.fail('expected the call to fail, but it succeeded');
}
