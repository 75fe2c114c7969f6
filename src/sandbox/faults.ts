/**
 * Injected failures of the sandbox's API calls: the kinds, parsing them from a control request, the queue
 * the next calls take them from, and answering a call with one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fields } from './fields';
import { ReplyError, sendJson } from './reply';

export const SANDBOX_FAULT_KINDS = ['status500', 'status403', 'apiErrorString', 'apiErrorObject', 'notJson', 'slow', 'drop'] as const;

export type SandboxFaultKind = (typeof SANDBOX_FAULT_KINDS)[number];

/** What a kind carries besides its name; kinds not listed carry nothing. */
interface FaultParameters {
  apiErrorString: { message?: string };
  apiErrorObject: { code?: number; desc?: string };
  slow: { delayMs: number };
}

export type SandboxFault = {
  [K in SandboxFaultKind]: { kind: K } & (K extends keyof FaultParameters ? FaultParameters[K] : unknown);
}[SandboxFaultKind];

/** Defaults of the fault bodies, when the fault does not say. */
export const DEFAULT_FAULT_MESSAGE = 'The sandbox was told to fail this call.';
export const DEFAULT_FAULT_CODE = -1;
export const DEFAULT_FAULT_DESC = 'Simulated failure';
const DEFAULT_SLOW_MS = 1000;
const MAX_SLOW_MS = 600_000;
const NOT_JSON_BODY = '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>';

function isFaultKind(text: string | undefined): text is SandboxFaultKind {
  return (SANDBOX_FAULT_KINDS as readonly (string | undefined)[]).includes(text);
}

/** The fault a control request describes (`kind`, and `message`, `code`, `desc`, `delayMs`). Throws a 400 ReplyError. */
export function parseFault(fields: Fields): SandboxFault {
  const kind = fields.optional('kind');
  const integer = (name: string): number | undefined => {
    const text = fields.optional(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new ReplyError(400, `The field ${name} must be an integer.`);
    return Number(text);
  };
  if (!isFaultKind(kind)) {
    throw new ReplyError(400, `The field kind must be one of ${SANDBOX_FAULT_KINDS.join(', ')} or clear.`);
  }
  switch (kind) {
    case 'apiErrorString': {
      const message = fields.optional('message');
      return message === undefined ? { kind } : { kind, message };
    }
    case 'apiErrorObject': {
      const code = integer('code');
      const desc = fields.optional('desc');
      return { kind, ...(code === undefined ? {} : { code }), ...(desc === undefined ? {} : { desc }) };
    }
    case 'slow': {
      const delayMs = integer('delayMs') ?? DEFAULT_SLOW_MS;
      if (delayMs < 0 || delayMs > MAX_SLOW_MS) throw new ReplyError(400, `The field delayMs must be between 0 and ${MAX_SLOW_MS}.`);
      return { kind, delayMs };
    }
    default:
      return { kind };
  }
}

/** Faults waiting for the next API calls, oldest first, each for a number of calls. */
export class FaultQueue {
  private readonly queue: { fault: SandboxFault; remaining: number }[] = [];

  push(fault: SandboxFault, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer.');
    this.queue.push({ fault: { ...fault }, remaining: count });
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** How many API calls will still fail. */
  get pending(): number {
    return this.queue.reduce((sum, f) => sum + f.remaining, 0);
  }

  /** The fault for the call being answered, if any. */
  take(): SandboxFault | undefined {
    const head = this.queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) this.queue.shift();
    return head.fault;
  }
}

/** The waits of `slow` faults, so stopping the server does not wait for them. */
export class PendingDelays {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: (completed: boolean) => void }>();

  /** Resolves true after `ms`, or false when cancelled first. */
  wait(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.pending.add(entry);
    });
  }

  cancelAll(): void {
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.pending.clear();
  }
}

/** Answers the call with the fault. Resolves false when the call should then proceed normally (slow). */
export async function applyFault(fault: SandboxFault, req: IncomingMessage, res: ServerResponse, delays: PendingDelays): Promise<boolean> {
  switch (fault.kind) {
    case 'status500':
      sendJson(res, 500, { success: false, response: null });
      return true;
    case 'status403':
      sendJson(res, 403, { success: false, response: null });
      return true;
    case 'apiErrorString':
      sendJson(res, 200, { success: false, response: fault.message ?? DEFAULT_FAULT_MESSAGE });
      return true;
    case 'apiErrorObject':
      sendJson(res, 400, { success: false, response: { code: fault.code ?? DEFAULT_FAULT_CODE, desc: fault.desc ?? DEFAULT_FAULT_DESC } });
      return true;
    case 'notJson':
      if (!res.destroyed) {
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(NOT_JSON_BODY) });
        res.end(NOT_JSON_BODY);
      }
      return true;
    case 'drop':
      req.socket.destroy();
      return true;
    case 'slow': {
      const completed = await delays.wait(fault.delayMs);
      // The call goes ahead only if the server still runs and the client still waits.
      return !completed || res.destroyed || req.socket.destroyed;
    }
  }
}
