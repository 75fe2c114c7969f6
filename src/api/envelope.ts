/**
 * Reads an answer of the Zipwhip API: the HTTP status and the `{success, response}` envelope around the
 * payload. Returns the payload, read with the call's schema, or throws the matching ZipwhipError. Text the
 * server wrote reaches a message only redacted (./redact) and with link syntax broken up (errors/untrustedText).
 */
import type * as z from 'zod/mini';
import { ApiError, SessionRejectedError, UnexpectedResponseError } from './errors';
import { WITHHELD, type Redactor } from './redact';
import { envelopeSchema, failureResponseSchema, type PayloadSchema } from './schemas';
import { parseJson } from '../model/losslessJson';
import { UNTRUSTED_TEXT_LIMIT, untrusted } from '../errors/untrustedText';

/** The message of a refused login. */
export const BAD_CREDENTIALS_MESSAGE = 'The username or password was not accepted.';

/** How much of a body an UnexpectedResponseError's detail quotes. */
const MAX_DETAIL_BODY_CHARS = 200;

/** How much of a server's message the detail keeps when the message shown had to be cut. */
const MAX_DETAIL_MESSAGE_CHARS = 10_000;

/** A status and a body, as they came. */
export interface Answer {
  readonly status: number;
  readonly text: string;
}

/** What a call expects. */
export interface Expectation<T> {
  /** The call, for messages (`webhook/list`). */
  readonly path: string;
  readonly schema: PayloadSchema<T>;
  /**
   * `user/login`: a 401 or 403, or an empty refusal, means the credentials were wrong (not that a session key
   * was rejected); and a string payload may be a session key of a shape not foreseen, so it is never quoted.
   */
  readonly login?: boolean;
}

/** Turns a status and a body into the payload, or throws the matching ZipwhipError. */
export function interpret<T>(answer: Answer, expectation: Expectation<T>, redactor: Redactor): T {
  const { status, text } = answer;
  const { path, schema, login = false } = expectation;
  if (status === 401 || status === 403) {
    throw login ? new ApiError(BAD_CREDENTIALS_MESSAGE, status) : new SessionRejectedError(status);
  }

  let json: unknown;
  try {
    json = parseJson(text);
  } catch (error: unknown) {
    throw notUnderstood(
      answer,
      path,
      `not JSON (${redactor.serverText(error instanceof Error ? error.message : String(error))})`,
      redactor,
    );
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw notUnderstood(answer, path, `no {success, response} envelope: ${redactor.serverText(formatIssues(envelope.error))}`, redactor);
  }
  const { success, response } = envelope.data;
  const ok = status >= 200 && status < 300;

  if (!ok || !success) {
    if (login && response === null && (status === 400 || status === 500 || ok)) {
      throw new ApiError(BAD_CREDENTIALS_MESSAGE, status);
    }
    throw failureError(status, response, redactor);
  }

  const parsed = schema.safeParse(response);
  if (!parsed.success) {
    const reason = `unexpected response payload: ${redactor.serverText(formatIssues(parsed.error))}`;
    throw notUnderstood(answer, path, reason, redactor, login && typeof response === 'string');
  }
  return parsed.data;
}

function notUnderstood(answer: Answer, path: string, reason: string, redactor: Redactor, withholdBody = false): UnexpectedResponseError {
  const { status, text } = answer;
  const ok = status >= 200 && status < 300;
  const body = withholdBody ? WITHHELD : redactor.head(text, MAX_DETAIL_BODY_CHARS);
  return new UnexpectedResponseError(
    ok ? `The server's answer to ${path} was not understood.` : `The server's answer to ${path} was not understood (HTTP ${status}).`,
    status,
    `${reason}; HTTP ${status}; body: ${JSON.stringify(body)}`,
  );
}

function failureError(status: number, response: unknown, redactor: Redactor): ApiError {
  const generic = `The Zipwhip server reported an error (HTTP ${status}).`;
  const failure = failureResponseSchema.safeParse(response);
  if (!failure.success || failure.data === null) {
    return new ApiError(generic, status);
  }
  if (typeof failure.data === 'string') {
    const said = failure.data.trim();
    return said === '' ? new ApiError(generic, status) : serverSaid(redactor.serverText(said), '', status);
  }
  const { code, desc } = failure.data;
  const said = desc.trim() === '' ? 'The Zipwhip server reported an error' : redactor.serverText(desc.trim());
  return serverSaid(said, ` (code ${code})`, status, code);
}

/**
 * An ApiError whose message is what the server said: link syntax broken up, control characters flattened and
 * cut to what a notification shows. When that changed the text, the detail keeps it whole for the log.
 */
function serverSaid(said: string, suffix: string, status: number, code?: number): ApiError {
  const shown = untrusted(said, UNTRUSTED_TEXT_LIMIT - suffix.length);
  const cut =
    said.length > MAX_DETAIL_MESSAGE_CHARS
      ? `${said.slice(0, MAX_DETAIL_MESSAGE_CHARS)}… (${said.length - MAX_DETAIL_MESSAGE_CHARS} more characters)`
      : said;
  const detail = shown === said ? '' : `The server's message: ${JSON.stringify(cut)}`;
  return new ApiError(`${shown}${suffix}`, status, code, detail);
}

function formatIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`).join('; ');
}
