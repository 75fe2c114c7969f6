/** Test helpers: raw HTTP calls with undici and tiny node:http servers. Imported by tests, not run as tests. */
import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request, type Dispatcher } from 'undici';
import { startRecordingServer, type RecordedRequest } from './recordingServer';

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
export async function postForm(baseUrl: string, path: string, fields: FormFields, dispatcher?: Dispatcher): Promise<RawResponse> {
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
export async function getQuery(baseUrl: string, path: string, fields: FormFields, dispatcher?: Dispatcher): Promise<RawResponse> {
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
  readonly seen: readonly SeenRequest[];
  close(): Promise<void>;
}

/** A tiny node:http server on 127.0.0.1:0 whose answers the test writes; bodies seen as UTF-8 text. */
export async function startRawServer(handler: (request: SeenRequest, res: ServerResponse) => void): Promise<RawServer> {
  const asText = (request: RecordedRequest): SeenRequest => ({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body.toString('utf8'),
  });
  const server = await startRecordingServer((request, res) => {
    handler(asText(request), res);
  });
  return {
    baseUrl: server.url,
    get seen() {
      return server.seen.map(asText);
    },
    close: () => server.close(),
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
