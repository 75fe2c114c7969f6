/**
 * The sandbox's control routes, for tests and scripts: `__sandbox/fault`, `__sandbox/state` and
 * `__sandbox/fire`. Each needs the control token of this start (header X-Sandbox-Token or field `token`):
 * without it, anything that reaches the port could make the sandbox send requests to any URL.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { findEventSpec } from '../model/webhook';
import type { DeliveryResult } from './fanout';
import { parseFault, type FaultQueue } from './faults';
import type { Fields } from './fields';
import { ReplyError } from './reply';
import type { SandboxState } from './state';

export const CONTROL_TOKEN_HEADER = 'x-sandbox-token';
export const CONTROL_TOKEN_FIELD = 'token';
const MAX_FAULT_COUNT = 10_000;
const MAX_FIRE_COUNT = 100;

/** What the control routes act on. */
export interface ControlContext {
  readonly state: SandboxState;
  readonly faults: FaultQueue;
  fireEvent(username: string, type: string, event: string): Promise<DeliveryResult[]>;
}

export interface ControlRoute {
  readonly methods: readonly string[];
  readonly handle: (fields: Fields, context: ControlContext) => unknown;
}

/** A fresh token per start: 32 url-safe characters. */
export function newControlToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, expected: string): boolean {
  // Digests have equal lengths, so the comparison takes the same time whatever the given token is.
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Throws a 403 ReplyError unless the request carries `expected` (header first, then the field). */
export function checkControlToken(req: Pick<IncomingMessage, 'headers'>, fields: Fields, expected: string): void {
  const header = req.headers[CONTROL_TOKEN_HEADER];
  const given = (Array.isArray(header) ? header[0] : header) ?? fields.get(CONTROL_TOKEN_FIELD);
  if (given === undefined || given === '') {
    throw new ReplyError(
      403,
      'The sandbox control routes need its control token, in the X-Sandbox-Token header or the token field. The sandbox CLI prints it at start ("Control token: ...").',
    );
  }
  if (!sameToken(given, expected)) {
    throw new ReplyError(403, 'The sandbox control token is wrong. It changes every time the sandbox starts.');
  }
}

/** The `count` field, 1 when absent; a 400 ReplyError unless it is an integer from 1 to `max`. */
function parseCount(fields: Fields, max: number): number {
  const text = fields.optional('count') ?? '1';
  const count = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(count >= 1 && count <= max)) throw new ReplyError(400, `The field count must be an integer from 1 to ${max}.`);
  return count;
}

function knownUsername(fields: Fields, context: ControlContext): string {
  const username = fields.optional('username');
  if (username === undefined || !context.state.hasLine(username)) throw new ReplyError(404, 'Unknown username.');
  return username;
}

/** One delivery as `__sandbox/fire` reports it: status, error and timing, nothing of what the target answered. */
export interface FireReport {
  readonly webhookId: string;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly error?: string;
  readonly durationMs: number;
  readonly statusCode?: number;
  readonly attempts: readonly { readonly at: string; readonly status?: number; readonly error?: string; readonly durationMs: number }[];
}

function toFireReport(result: DeliveryResult): FireReport {
  return {
    webhookId: result.webhookId,
    method: result.method,
    url: result.url,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(result.error === undefined ? {} : { error: result.error }),
    durationMs: result.durationMs,
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    attempts: result.attempts.map(({ at, status, error, durationMs }) => ({
      at,
      ...(status === undefined ? {} : { status }),
      ...(error === undefined ? {} : { error }),
      durationMs,
    })),
  };
}

async function fire(fields: Fields, context: ControlContext): Promise<FireReport[]> {
  const username = knownUsername(fields, context);
  const type = fields.optional('type');
  const event = fields.optional('event');
  if (type === undefined || event === undefined || !findEventSpec(type, event)) {
    throw new ReplyError(400, { code: -703, desc: 'Wrong arguments' });
  }
  const count = parseCount(fields, MAX_FIRE_COUNT);
  const reports: FireReport[] = [];
  for (let i = 0; i < count; i++) reports.push(...(await context.fireEvent(username, type, event)).map(toFireReport));
  return reports;
}

function fault(fields: Fields, context: ControlContext): { pendingFaults: number } {
  if (fields.optional('kind') === 'clear') {
    context.faults.clear();
  } else {
    const parsed = parseFault(fields);
    context.faults.push(parsed, parseCount(fields, MAX_FAULT_COUNT));
  }
  return { pendingFaults: context.faults.pending };
}

/** Route (below the base path) → its methods and handler; a handler returns the success payload. */
export const CONTROL_ROUTES: ReadonlyMap<string, ControlRoute> = new Map<string, ControlRoute>([
  ['__sandbox/fault', { methods: ['POST'], handle: fault }],
  ['__sandbox/state', { methods: ['GET', 'POST'], handle: (fields, context) => context.state.wireHooks(knownUsername(fields, context)) }],
  ['__sandbox/fire', { methods: ['POST'], handle: fire }],
]);

/** Answers a control route: checks the method, then runs it. Throws a ReplyError for a refused request. */
export async function handleControl(route: ControlRoute, method: string, fields: Fields, context: ControlContext): Promise<unknown> {
  if (!route.methods.includes(method)) {
    throw new ReplyError(405, `Use ${route.methods.join(' or ')} for this control route.`, { allow: route.methods.join(', ') });
  }
  return await route.handle(fields, context);
}
