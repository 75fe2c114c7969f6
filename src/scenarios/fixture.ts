/**
 * A test fixture (`.zipwhip/tests/*.zipwhip-test.json`): one captured request and the answer the handler should
 * give it. Saved from a capture with phone numbers masked (the same number to the same mask) and the message text
 * masked unless the user keeps it; replayed byte for byte to the handler by the Test Explorer and the terminal.
 */
import type * as z from 'zod/mini';
import { lazySchema } from '../model/schema';
import { deliver } from '../deliveries/deliver';
import { endToEndHeaders } from '../net/hopByHop';
import { stringifyJson } from '../model/losslessJson';
import { maskPayload, maskTarget } from '../privacy/mask';
import type { Capture } from '../receiver/captureStore';
import { captureBodyBytes } from '../receiver/captureStore';
import { forwardUrl } from '../receiver/forwardRoutes';
import { judgeSend, type SendRecord } from './player';
import { expectationSchema, type Expectation } from './scenario';

export const FIXTURE_SUFFIX = '.zipwhip-test.json';
export const FIXTURE_FOLDER = '.zipwhip/tests';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex
const HEADER_VALUE = /^[^\r\n\u0000]*$/;

export const fixtureSchema = lazySchema((z) =>
  z.strictObject({
    $schema: z.optional(z.string()),
    name: z.optional(z.string()),
    /** Where to send it; else the forwarding setting's route for its event. */
    target: z.optional(z.string()),
    /** `type:event`, when the capture's was recognised (it picks the forwarding route). */
    event: z.optional(z.string()),
    request: z.strictObject({
      method: z.string().check(z.regex(TOKEN, 'an HTTP method')),
      path: z.string().check(z.regex(/^\//, 'a path starting with /')),
      headers: z.array(
        z.tuple([
          z.string().check(z.regex(TOKEN, 'a header name')),
          z.string().check(z.regex(HEADER_VALUE, 'a header value without line breaks')),
        ]),
      ),
      /** UTF-8 text; a binary body as `{ "base64": "…" }`. */
      body: z.optional(z.union([z.string(), z.strictObject({ base64: z.string() })])),
    }),
    expect: expectationSchema,
  }),
);
export type Fixture = z.infer<typeof fixtureSchema>;

/** Headers that carry someone's credentials never go into a file. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-sandbox-token']);

export interface FixtureOptions {
  readonly name: string;
  /** Default false: the message text is masked. */
  readonly keepText?: boolean;
  /** Default true: phone numbers are masked. */
  readonly maskNumbers?: boolean;
  /** The answer body must contain this. */
  readonly bodyContains?: string;
}

/** A fixture of a capture: the handler's answer (its first target's status) is what is expected, else any 2xx. */
export function fixtureFromCapture(capture: Capture, options: FixtureOptions): Fixture {
  const maskNumbers = options.maskNumbers ?? true;
  const keepText = options.keepText ?? false;
  const bytes = captureBodyBytes(capture);
  const masked = (text: string): string => (maskNumbers || !keepText ? maskPayload(text, { keepText, keepNumbers: !maskNumbers }) : text);
  const body = capture.size === 0 ? undefined : capture.isText ? masked(bytes.toString('utf8')) : { base64: bytes.toString('base64') };
  const status = capture.forwards?.[0]?.status;
  const expect: Expectation = {
    status: status !== undefined && status >= 200 && status < 300 ? status : '2xx',
    ...(options.bodyContains ? { bodyContains: options.bodyContains } : {}),
  };
  return {
    name: options.name,
    ...(capture.event ? { event: capture.event } : {}),
    request: {
      method: capture.method,
      path: maskNumbers || !keepText ? maskTarget(capture.path, { keepText, keepNumbers: !maskNumbers }) : capture.path,
      headers: endToEndHeaders(capture.headers).filter(([name]) => !SECRET_HEADERS.has(name.toLowerCase())),
      ...(body === undefined ? {} : { body }),
    },
    expect,
  };
}

/** The fixture as file text. */
export function fixtureText(fixture: Fixture): string {
  return `${stringifyJson(fixture, 2) ?? '{}'}\n`;
}

/** A fixture file's text, or why it is not one. */
export function loadFixtureText(text: string): { fixture?: Fixture; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = fixtureSchema.safeParse(value);
  if (!parsed.success)
    return { problem: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { fixture: parsed.data };
}

export interface FixtureResult {
  readonly send: SendRecord;
  readonly problems: readonly string[];
  readonly passed: boolean;
}

/** Sends the fixture's request, byte for byte, to the target and judges the answer. Never throws. */
export async function runFixture(
  fixture: Fixture,
  target: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<FixtureResult> {
  const url = forwardUrl(target, fixture.request.path);
  const body =
    fixture.request.body === undefined
      ? undefined
      : typeof fixture.request.body === 'string'
        ? Buffer.from(fixture.request.body, 'utf8')
        : Buffer.from(fixture.request.body.base64, 'base64');
  const headers: Record<string, string> = {};
  for (const [name, value] of endToEndHeaders(fixture.request.headers))
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  const outcome = await deliver(
    { method: fixture.request.method, url, headers, ...(body ? { body } : {}) },
    { timeoutMs: options.timeoutMs ?? 10_000, ...(options.signal ? { signal: options.signal } : {}) },
  );
  const send: SendRecord = {
    url,
    method: fixture.request.method,
    ...(outcome.status === undefined ? {} : { status: outcome.status }),
    ...(outcome.error === undefined ? {} : { failure: outcome.error }),
    ...(outcome.timeToFirstByteMs === undefined ? {} : { timeToFirstByteMs: outcome.timeToFirstByteMs }),
    totalMs: outcome.totalMs,
    bodyHead: outcome.responseBody.text.slice(0, 2000),
    attempts: 1,
  };
  const problems = judgeSend(send, fixture.expect);
  return { send, problems, passed: problems.length === 0 };
}
