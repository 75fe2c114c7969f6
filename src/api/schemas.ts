/**
 * zod schemas of the Zipwhip wire format (see docs/zipwhip-api.md). Bodies are parsed with `parseJson`
 * first, so an id above 2^53 arrives here as a digit string, a smaller one as a number, and a number JSON
 * cannot hold exactly (`1e-400`, `4503599627370496.5`) as its text, which no id rule accepts.
 * `zod/mini` is the tree-shakable build of zod 4: the same checks at a fraction of the bundle size.
 */
import type * as z from 'zod/mini';
import { lazySchema } from '../model/schema';
import { isSessionKey } from '../model/sessionKey';
import type { Webhook } from '../model/webhook';

/** What the client reads a payload with: a zod schema, or anything that answers the same way. */
export interface PayloadSchema<T> {
  safeParse(value: unknown): z.core.util.SafeParseResult<T>;
}

/** `{success, response}`; unknown extra keys are ignored. */
export const envelopeSchema = lazySchema((z) =>
  z.object({
    success: z.boolean(),
    response: z.unknown(),
  }),
);
export type Envelope = z.infer<typeof envelopeSchema>;

/** A webhook id: a non-negative safe integer or a string of digits, kept as an opaque decimal string. */
export const webhookIdSchema = lazySchema((z) =>
  z.pipe(
    z.union([z.int().check(z.nonnegative()), z.string().check(z.regex(/^\d+$/, 'expected a decimal id'))]),
    z.transform((id: number | string) => String(id)),
  ),
);

interface WireHook {
  readonly webhookId: string | number;
  readonly type: string;
  readonly event: string;
  readonly url: string;
  readonly method?: string | null;
}

/** `method` is uppercased and defaults to POST when the server leaves it out. */
function toWebhook(hook: WireHook): Webhook {
  return {
    webhookId: String(hook.webhookId),
    type: hook.type,
    event: hook.event,
    url: hook.url,
    method: hook.method ? hook.method.toUpperCase() : 'POST',
  };
}

/** A hook object; extra keys are dropped. */
export const webhookSchema = lazySchema((z) =>
  z.pipe(
    z.object({
      webhookId: webhookIdSchema,
      type: z.string(),
      event: z.string(),
      url: z.string(),
      method: z.nullish(z.string()),
    }),
    z.transform((hook): Webhook => toWebhook(hook)),
  ),
);

/** `user/login`: the session key, which must look like one (it is stored, and sent with every later call). */
export const loginResponseSchema = lazySchema((z) =>
  z.string().check(z.refine(isSessionKey, { error: 'not shaped like a session key (<uuid>:<digits>)', abort: true })),
);

/** More hooks than any line has: a list this long is a broken or hostile server, not a line to show. */
export const MAX_LISTED_HOOKS = 10_000;

/** `webhook/list`: every hook on the line. */
export const listResponseSchema = lazySchema((z) => z.array(webhookSchema).check(z.maxLength(MAX_LISTED_HOOKS, 'more than 10,000 hooks')));

function isWebhookId(value: unknown): value is string | number {
  return typeof value === 'number' ? Number.isSafeInteger(value) && value >= 0 : typeof value === 'string' && /^\d+$/.test(value);
}

function isWireHook(value: unknown): value is WireHook {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const hook = value as Record<string, unknown>;
  const method = hook.method;
  return (
    isWebhookId(hook.webhookId) &&
    typeof hook.type === 'string' &&
    typeof hook.event === 'string' &&
    typeof hook.url === 'string' &&
    (method === undefined || method === null || typeof method === 'string')
  );
}

/**
 * `webhook/list` read as listResponseSchema reads it, with a fast path: zod's cost per object was most of the
 * time a 10,000-hook list took, so a list of well-formed hooks is checked by hand, and anything else goes to
 * the schema, which also says what is wrong.
 */
export const hookListSchema: PayloadSchema<Webhook[]> = {
  safeParse(value: unknown): z.core.util.SafeParseResult<Webhook[]> {
    if (Array.isArray(value) && value.length <= MAX_LISTED_HOOKS && value.every(isWireHook)) {
      return { success: true, data: value.map(toWebhook) };
    }
    return listResponseSchema.safeParse(value);
  },
};

/**
 * `webhook/add` and `webhook/update`: an array holding the hook. A bare hook object is accepted too,
 * since nothing documents the shape strictly enough to reject it.
 */
export const singleHookResponseSchema = lazySchema((z) =>
  z.pipe(
    z.union([z.array(webhookSchema).check(z.minLength(1)), webhookSchema]),
    z.transform((value: Webhook[] | Webhook): Webhook => (Array.isArray(value) ? (value[0] as Webhook) : value)),
  ),
);

/** `webhook/delete` and `user/logout`: the payload carries nothing (`[]`, `null` or `true`). */
export const emptyResponseSchema = lazySchema((z) => z.unknown());

/** What `response` holds when a call failed: nothing, a message, or a coded error. */
export const failureResponseSchema = lazySchema((z) => z.union([z.null(), z.string(), z.object({ code: z.number(), desc: z.string() })]));
export type FailureResponse = z.infer<typeof failureResponseSchema>;
