/**
 * What Zipwhip sends to a hook's URL when an event fires: the hook's method to its exact url, a JSON
 * message object (ids above 2^53 written exactly) and Zipwhip's headers. No signature, no event header.
 */
import { request } from 'undici';
import { stringifyJson } from '../api/losslessJson';
import type { Webhook } from '../api/types';

export const DELIVERY_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json;charset=UTF-8',
  'user-agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)',
};

export interface DeliveryResult {
  readonly webhookId: string;
  readonly method: string;
  readonly url: string;
  /** The receiver's HTTP status, when it answered. */
  readonly status?: number;
  /** Why the delivery failed, when it got no answer. */
  readonly error?: string;
  readonly durationMs: number;
}

export interface EventContext {
  /** The line's username (its phone number, usually). */
  readonly username: string;
  readonly deviceId: string;
  readonly type: string;
  readonly event: string;
  /** Text of the message; 'Hello World' (or 'STOP' for optout/change) when absent. */
  readonly body?: string;
  /** Per delivery; default 10 s. */
  readonly timeoutMs?: number;
}

const OTHER_PARTY = '+12063996756';
let nextMessageId = 1327295480212647936n;

function e164(username: string): string {
  if (/^\d{10}$/.test(username)) {
    return `+1${username}`;
  }
  if (/^\+\d{8,15}$/.test(username)) {
    return username;
  }
  return '+12068163958';
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** A message object shaped like Zipwhip's 2020 example, adjusted to the event. `id` is a bigint above 2^53. */
export function buildMessagePayload(context: EventContext, now = new Date()): Record<string, unknown> {
  const line = e164(context.username);
  const inbound = context.event === 'receive' || context.type === 'optout';
  const text = context.body ?? (context.type === 'optout' ? 'STOP' : 'Hello World');
  const date = isoSeconds(now);
  const id = nextMessageId;
  nextMessageId += 1n;
  return {
    body: text,
    bodySize: text.length,
    address: `ptn:/${OTHER_PARTY}`,
    finalSource: inbound ? OTHER_PARTY : line,
    finalDestination: inbound ? line : OTHER_PARTY,
    messageType: inbound ? 'MO' : 'ZO',
    fingerprint: '1514465037',
    id,
    cc: null,
    visible: context.event !== 'delete',
    read: context.event === 'read',
    bcc: null,
    contactId: 14543967707n,
    scheduledDate: null,
    deviceId: /^\d+$/.test(context.deviceId) ? BigInt(context.deviceId) : context.deviceId,
    dateDeleted: context.event === 'delete' ? date : null,
    messageTransport: 5,
    dateDelivered: context.event === 'progress' ? date : null,
    hasAttachment: false,
    dateCreated: date,
    deleted: context.event === 'delete',
    dateRead: context.event === 'read' ? date : null,
    statusCode: context.event === 'progress' ? 4 : 0,
    messageStatus: 1003,
  };
}

/** Sends one payload to each hook, in parallel. Never rejects: failures are in the results. */
export async function deliverEvent(hooks: readonly Webhook[], context: EventContext): Promise<DeliveryResult[]> {
  if (hooks.length === 0) {
    return [];
  }
  const body = stringifyJson(buildMessagePayload(context)) ?? '{}';
  const timeoutMs = context.timeoutMs ?? 10_000;
  return Promise.all(
    hooks.map(async (hook): Promise<DeliveryResult> => {
      const started = performance.now();
      const base = { webhookId: hook.webhookId, method: hook.method, url: hook.url };
      try {
        const response = await request(hook.url, {
          method: hook.method as 'POST' | 'PUT' | 'GET',
          headers: DELIVERY_HEADERS,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body.dump();
        return { ...base, status: response.statusCode, durationMs: performance.now() - started };
      } catch (error: unknown) {
        const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
        const message = error instanceof Error ? error.message : String(error);
        return {
          ...base,
          error: typeof code === 'string' ? `${message} (${code})` : message,
          durationMs: performance.now() - started,
        };
      }
    }),
  );
}
