/** The sandbox's public option, snapshot and log types, and the defaults they fall back to. */
import type { DeliveryAttempt } from '../deliveries/deliver';
import type { HttpServerOptions } from '../net/httpServer';
import type { DeliveryRetry } from './fanout';

export interface SandboxAccount {
  username: string;
  password: string;
}

export interface SandboxOptions {
  /** 0 picks a free port (the default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Names the sandbox also answers besides its own address (`name` or `name:port`), e.g. a tunnel's or the machine's DNS name. */
  allowedHosts?: readonly string[];
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
  /** Connection limits and time-outs; listenHttp's defaults when absent. */
  limits?: Pick<HttpServerOptions, 'maxConnections' | 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;
}

/** One delivery attempt to a hook, as deliveryLog() lists it. */
export type SandboxDeliveryLogEntry = DeliveryAttempt & {
  readonly username: string;
  readonly webhookId: string;
  readonly type: string;
  readonly event: string;
  readonly method: string;
  readonly url: string;
  /** 1 for the first attempt of a delivery, 2 for its first retry, … */
  readonly attempt: number;
};

export interface SandboxSnapshotHook {
  readonly id: string;
  readonly type: string;
  readonly event: string;
  readonly url: string;
  readonly method: string;
}

/** The lines and hooks of a sandbox, without passwords or session keys, so it can be kept and restored. */
export interface SandboxSnapshot {
  readonly nextId: string;
  readonly lines: readonly {
    readonly username: string;
    readonly deviceId: string;
    readonly hooks: readonly SandboxSnapshotHook[];
  }[];
}

export interface SandboxRequestLogEntry {
  readonly method: string;
  /** The request target exactly as received, query string included. */
  readonly url: string;
  readonly path: string;
  /** The `session` field the request carried (query or form body), when it had one. Tests use it to prove
   *  which server a key reached; it is never written anywhere. */
  readonly session?: string;
}

export const DEFAULT_SANDBOX_ACCOUNT: Readonly<SandboxAccount> = { username: '4257772300', password: 'sandbox' };

/** Webhook/add refuses more: a line with thousands of hooks makes every snapshot and every fired event costly. */
export const MAX_HOOKS_PER_LINE = 100;
