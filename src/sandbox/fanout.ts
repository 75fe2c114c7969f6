/**
 * What Zipwhip sends to a hook's URL when an event fires: the hook's method to its exact url, a JSON
 * message object (ids above 2^53 written exactly) and Zipwhip's headers. No signature, no event header.
 * Payloads come from src/deliveries/payloads.ts; sending and retrying from src/deliveries/deliver.ts.
 */
import type { Webhook } from '../model/webhook';
import { sendCutOff } from '../deliveries/cutOff';
import { buildDeliveryRequest, deliverWithRetries, type DeliveryAttempt, type RetryOptions } from '../deliveries/deliver';
import {
  generatePayload,
  generateProgressSequence,
  PROGRESS_SEQUENCES,
  type GeneratedPayload,
  type PayloadOptions,
} from '../deliveries/payloads';

export interface DeliveryResult {
  readonly webhookId: string;
  readonly method: string;
  readonly url: string;
  /** The receiver's HTTP status on the last attempt, when it answered. */
  readonly status?: number;
  /** Why the last attempt failed, when it got no answer. */
  readonly error?: string;
  /** All attempts together, back-off waits included. */
  readonly durationMs: number;
  /** Every attempt, first to last (retries happen on no answer or a non-2xx status). */
  readonly attempts: readonly DeliveryAttempt[];
  /** For message/progress: the statusCode this delivery carried. */
  readonly statusCode?: number;
}

/** Retry settings of a sandbox delivery; see deliverWithRetries. */
export type DeliveryRetry = Pick<RetryOptions, 'attempts' | 'backoffMs' | 'sleep'>;

export interface EventContext {
  /** The line's username (its phone number, usually). */
  readonly username: string;
  readonly deviceId: string;
  readonly type: string;
  readonly event: string;
  /** The id of the message the event is about (one per event; a progress sequence shares it). */
  readonly messageId: bigint;
  /** Text of the message; 'Hello World' (or 'STOP' for optout/change) when absent. */
  readonly body?: string;
  /** Per attempt; default 10 s. */
  readonly timeoutMs?: number;
  /** Default: 4 attempts, 200/400/800 ms apart. */
  readonly retry?: DeliveryRetry;
  /** Aborts deliveries and pending retries (the sandbox stops). */
  readonly signal?: AbortSignal;
  /** Called after each attempt of each delivery; `index` 0 is a delivery's first attempt. */
  readonly onAttempt?: (hook: Webhook, attempt: DeliveryAttempt, index: number) => void;
  /** Payloads to send instead of generated ones (an edited payload, a scenario's step), in order. */
  readonly payloads?: readonly GivenPayload[];
  /** Send with this method whatever the hook's (a scenario's GET-hook quirk). */
  readonly method?: 'GET' | 'POST';
  /** Cut the first attempt of each delivery off mid-body, as a dropped connection would (a scenario's quirk). */
  readonly cutOffFirst?: boolean;
}

/** A payload given as it is to be sent: its JSON text (ids exact) and its headers. */
export interface GivenPayload {
  readonly json: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly statusCode?: number;
}

function payloadOptions(context: EventContext, now: Date): PayloadOptions {
  return {
    type: context.type,
    event: context.event,
    line: context.username,
    deviceId: /^\d+$/.test(context.deviceId) ? context.deviceId : undefined,
    messageId: context.messageId,
    now,
    ...(context.body === undefined ? {} : { body: context.body }),
  };
}

/** The payloads one event sends to each hook: one, or for message/progress the whole sequence (1 → 2 → 4). */
function payloadsFor(context: EventContext): { payload: Pick<GeneratedPayload, 'json' | 'headers'>; statusCode?: number }[] {
  if (context.payloads)
    return context.payloads.map((p) => ({ payload: p, ...(p.statusCode === undefined ? {} : { statusCode: p.statusCode }) }));
  const options = payloadOptions(context, new Date());
  if (context.type === 'message' && context.event === 'progress') {
    const codes = PROGRESS_SEQUENCES.delivered;
    return generateProgressSequence(options, 'delivered').map((payload, index) => ({ payload, statusCode: codes[index] }));
  }
  return [{ payload: generatePayload(options) }];
}

/**
 * Sends the event's payloads to each hook, hooks in parallel, a progress sequence in order per hook.
 * Failed deliveries are retried. Never rejects: failures are in the results.
 */
export async function deliverEvent(hooks: readonly Webhook[], context: EventContext): Promise<DeliveryResult[]> {
  if (hooks.length === 0) return [];
  const payloads = payloadsFor(context);
  const perHook = await Promise.all(
    hooks.map(async (hook): Promise<DeliveryResult[]> => {
      const results: DeliveryResult[] = [];
      for (const { payload, statusCode } of payloads) {
        const started = performance.now();
        const request = buildDeliveryRequest(context.method ? { ...hook, method: context.method } : hook, payload);
        if (context.cutOffFirst) await sendCutOff(request, context.timeoutMs ?? 10_000);
        const { outcome, attempts } = await deliverWithRetries(request, {
          ...context.retry,
          timeoutMs: context.timeoutMs ?? 10_000,
          ...(context.signal ? { signal: context.signal } : {}),
          onAttempt: (attempt, index) => context.onAttempt?.(hook, attempt, index),
        });
        results.push({
          webhookId: hook.webhookId,
          method: request.method,
          url: hook.url,
          ...(outcome.status === undefined ? {} : { status: outcome.status }),
          ...(outcome.error === undefined ? {} : { error: outcome.error }),
          durationMs: performance.now() - started,
          attempts,
          ...(statusCode === undefined ? {} : { statusCode }),
        });
      }
      return results;
    }),
  );
  return perHook.flat();
}
