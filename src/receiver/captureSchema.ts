/**
 * What a saved capture must look like to be restored: the history file and an old export are data from disk
 * that anyone could have edited, and a capture is later resent (replay, cURL), so a method or header that
 * could not have come off the wire (CR, LF or NUL in a value, a name that is not an HTTP token) is dropped
 * here rather than refused at replay time.
 */
import { lazySchema } from '../model/schema';
import type { Capture } from './captureStore';

/** RFC 9110 `token`: the characters of a method or a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may hold anything but the characters that end a header line. */
const FIELD_VALUE = /^[^\r\n\0]*$/;

const token = lazySchema((z) => z.string().check(z.regex(TOKEN)));

// zod/mini: see src/api/schemas.ts.
const headerPairs = lazySchema((z) => z.array(z.tuple([token, z.string().check(z.regex(FIELD_VALUE))])));

/** What a handler answered when the capture was forwarded (see forwarder.ts). */
const forwardResultSchema = lazySchema((z) =>
  z.object({
    target: z.string(),
    url: z.string(),
    status: z.optional(z.int()),
    headers: z.optional(z.array(z.tuple([z.string(), z.string()]))),
    body: z.optional(z.string()),
    isText: z.optional(z.boolean()),
    bodyBytes: z.optional(z.int().check(z.nonnegative())),
    timeToFirstByteMs: z.optional(z.number()),
    totalMs: z.number(),
    failure: z.optional(z.object({ kind: z.enum(['refused', 'reset', 'timeout', 'dns', 'other']), message: z.string() })),
  }),
);

const captureSchema = lazySchema((z) =>
  z.object({
    id: z.string().check(z.minLength(1)),
    receivedAt: z.iso.datetime({ offset: true }),
    method: token,
    path: z.string().check(z.regex(/^[^\r\n\0]*$/)),
    headers: headerPairs,
    body: z.string(),
    isText: z.boolean(),
    size: z.int().check(z.nonnegative()),
    truncated: z.boolean(),
    remoteAddress: z.optional(z.string()),
    event: z.optional(z.string()),
    eventFrom: z.optional(z.enum(['path', 'payload'])),
    forwarding: z.optional(z.enum(['pending', 'paused'])),
    forwards: z.optional(z.array(forwardResultSchema)),
  }),
);

/** The capture when `data` is a valid one, else undefined. */
export function parseCapture(data: unknown): Capture | undefined {
  const parsed = captureSchema.safeParse(data);
  if (!parsed.success) return undefined;
  // A forward still pending when the window closed never finishes: the capture stays, without the mark.
  if (parsed.data.forwarding !== 'pending') return parsed.data;
  return { ...parsed.data, forwarding: undefined };
}
