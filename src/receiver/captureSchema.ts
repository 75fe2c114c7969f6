/**
 * What a saved capture must look like to be restored: the history file and an old export are data from disk
 * that anyone could have edited, and a capture is later resent (replay, cURL), so a method or header that
 * could not have come off the wire (CR, LF or NUL in a value, a name that is not an HTTP token) is dropped
 * here rather than refused at replay time.
 */
import * as z from 'zod/mini';
import type { Capture } from './captureStore';

/** RFC 9110 `token`: the characters of a method or a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may hold anything but the characters that end a header line. */
const FIELD_VALUE = /^[^\r\n\0]*$/;

const token = z.string().check(z.regex(TOKEN));

// zod/mini: see src/api/schemas.ts.
const captureSchema = z.object({
  id: z.string().check(z.minLength(1)),
  receivedAt: z.iso.datetime({ offset: true }),
  method: token,
  path: z.string().check(z.regex(/^[^\r\n\0]*$/)),
  headers: z.array(z.tuple([token, z.string().check(z.regex(FIELD_VALUE))])),
  body: z.string(),
  isText: z.boolean(),
  size: z.int().check(z.nonnegative()),
  truncated: z.boolean(),
  remoteAddress: z.optional(z.string()),
  event: z.optional(z.string()),
  eventFrom: z.optional(z.enum(['path', 'payload'])),
});

/** The capture when `data` is a valid one, else undefined. */
export function parseCapture(data: unknown): Capture | undefined {
  const parsed = captureSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
