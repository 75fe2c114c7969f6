/**
 * The typed errors of the Zipwhip client. The UI maps them to words and actions in one place
 * (src/errors/describeError.ts). No message or detail here may contain a session key or a password.
 */

export type NetworkFailure = 'refused' | 'reset' | 'dns' | 'timeout' | 'tls' | 'other';

export abstract class ZipwhipError extends Error {
  abstract readonly kind: 'sessionRejected' | 'api' | 'unexpectedResponse' | 'network' | 'cancelled';
}

/** 401/403: the session key is missing, unknown or revoked (or the login was refused). */
export class SessionRejectedError extends ZipwhipError {
  readonly kind = 'sessionRejected';
  constructor(
    readonly status: number,
    message = 'The Zipwhip server rejected the session key.',
  ) {
    super(message);
    this.name = 'SessionRejectedError';
  }
}

/**
 * `success:false` (or a non-2xx status with a readable body): the server said why. A message taken from the
 * server is shown neutralised and cut; `detail` (for the log only) then holds the server's whole text.
 */
export class ApiError extends ZipwhipError {
  readonly kind = 'api';
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
    readonly detail = '',
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The body was not JSON or did not have the documented shape. `detail` goes to the log only. */
export class UnexpectedResponseError extends ZipwhipError {
  readonly kind = 'unexpectedResponse';
  constructor(
    message: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'UnexpectedResponseError';
  }
}

/** The request did not get an answer: refused, reset, DNS, TLS or time-out. */
export class NetworkError extends ZipwhipError {
  readonly kind = 'network';
  constructor(
    readonly failure: NetworkFailure,
    message: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The caller aborted the request (Esc, or a cancelled progress notification). */
export class CancelledError extends ZipwhipError {
  readonly kind = 'cancelled';
  constructor() {
    super('The request was cancelled.');
    this.name = 'CancelledError';
  }
}
