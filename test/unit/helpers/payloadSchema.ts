/**
 * Reads a delivery payload of EITHER documented shape (2020 or 2015). The text is parsed with the lossless
 * parser, so ids above 2^53 arrive as exact decimal strings; the schema then turns every id into text.
 */
import * as z from 'zod/mini';
import { parseJson } from '../../../src/model/losslessJson';

/** An id as JSON number (safe or not) or decimal string; always read as exact decimal text. */
const idSchema = z.pipe(
  z.union([z.int(), z.string().check(z.regex(/^-?\d+$/, 'expected a decimal id'))]),
  z.transform((value: number | string) => String(value)),
);

const dateSchema = z.nullable(z.string());

// zod/mini (as in src/api/schemas.ts): the same checks as zod at a fraction of the bundle size.
const payloadSchema = z.object({
  body: z.nullable(z.string()),
  bodySize: z.int().check(z.nonnegative()),
  address: z.string(),
  finalSource: z.string(),
  finalDestination: z.string(),
  messageType: z.string(),
  fingerprint: z.nullable(
    z.pipe(
      z.union([z.string(), z.number()]),
      z.transform((value: string | number) => String(value)),
    ),
  ),
  id: idSchema,
  cc: z.nullable(z.string()),
  visible: z.boolean(),
  read: z.boolean(),
  bcc: z.nullable(z.string()),
  contactId: z.nullable(idSchema),
  scheduledDate: dateSchema,
  deviceId: idSchema,
  dateDeleted: dateSchema,
  messageTransport: z.int(),
  dateDelivered: dateSchema,
  hasAttachment: z.boolean(),
  dateCreated: z.string(),
  deleted: z.boolean(),
  dateRead: dateSchema,
  statusCode: z.int(),
  // Absent from the 2015 shape.
  messageStatus: z.optional(z.int()),
});

export type ParsedPayload = z.infer<typeof payloadSchema> & {
  /** '2015' when `messageStatus` is absent (the 2015 example has none), else '2020'. */
  readonly shape: '2020' | '2015';
};

export type ParsePayloadResult = { readonly ok: true; readonly payload: ParsedPayload } | { readonly ok: false; readonly error: string };

/** Parses and validates a payload. Never throws: a bad text gives `{ ok: false, error }`. */
export function parsePayload(text: string): ParsePayloadResult {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error: unknown) {
    return { ok: false, error: `Not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const result = payloadSchema.safeParse(value);
  if (!result.success) {
    return { ok: false, error: `Not a Zipwhip message payload: ${z.prettifyError(result.error)}` };
  }
  const shape = result.data.messageStatus === undefined ? '2015' : '2020';
  return { ok: true, payload: { ...result.data, shape } };
}
