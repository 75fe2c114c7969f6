/**
 * zod schemas of the Zipwhip wire format (see docs/zipwhip-api.md). Bodies are parsed with
 * `parseJson` first, so an id above 2^53 arrives here as a digit string, a smaller one as a number.
 * `zod/mini` is the tree-shakable build of zod 4: the same checks at a fraction of the bundle size.
 */
import * as z from 'zod/mini';
import type { Webhook } from '../model/webhook';

/** `{success, response}`; unknown extra keys are ignored. */
export const envelopeSchema = z.object({
  success: z.boolean(),
  response: z.unknown(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** A webhook id: a non-negative safe integer or a string of digits, kept as an opaque decimal string. */
export const webhookIdSchema = z.pipe(
  z.union([z.int().check(z.nonnegative()), z.string().check(z.regex(/^\d+$/, 'expected a decimal id'))]),
  z.transform((id: number | string) => String(id)),
);

/** A hook object. `method` is uppercased and defaults to POST when the server leaves it out. */
export const webhookSchema = z.pipe(
  z.object({
    webhookId: webhookIdSchema,
    type: z.string(),
    event: z.string(),
    url: z.string(),
    method: z.nullish(z.string()),
  }),
  z.transform(
    (hook): Webhook => ({
      webhookId: hook.webhookId,
      type: hook.type,
      event: hook.event,
      url: hook.url,
      method: hook.method ? hook.method.toUpperCase() : 'POST',
    }),
  ),
);

/** `user/login`: the session key. */
export const loginResponseSchema = z.string().check(z.minLength(1));

/** `webhook/list`: every hook on the line. */
export const listResponseSchema = z.array(webhookSchema);

/**
 * `webhook/add` and `webhook/update`: an array holding the hook. A bare hook object is accepted too,
 * since nothing documents the shape strictly enough to reject it.
 */
export const singleHookResponseSchema = z.pipe(
  z.union([z.array(webhookSchema).check(z.minLength(1)), webhookSchema]),
  z.transform((value: Webhook[] | Webhook): Webhook => (Array.isArray(value) ? (value[0] as Webhook) : value)),
);

/** `webhook/delete` and `user/logout`: the payload carries nothing (`[]`, `null` or `true`). */
export const emptyResponseSchema = z.unknown();

/** What `response` holds when a call failed: nothing, a message, or a coded error. */
export const failureResponseSchema = z.union([z.null(), z.string(), z.object({ code: z.number(), desc: z.string() })]);
export type FailureResponse = z.infer<typeof failureResponseSchema>;
