/** How the sandbox answers: a JSON envelope written to the response, or a ReplyError thrown by a call. */
import type { ServerResponse } from 'node:http';
import { stringifyJson } from '../model/losslessJson';

/** Thrown by a call to answer `{"success":false,"response":…}` with this HTTP status (and headers). */
export class ReplyError extends Error {
  constructor(
    readonly status: number,
    readonly response: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'ReplyError';
  }
}

/** Writes `body` as JSON (ids above 2^53 exactly); nothing when the client is gone or the answer was sent. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  const text = stringifyJson(body) ?? 'null';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendFailure(res: ServerResponse, error: ReplyError): void {
  sendJson(res, error.status, { success: false, response: error.response }, error.headers);
}
