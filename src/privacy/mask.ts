/**
 * Masking of personal data: phone numbers and message texts. Consistent, so the same number always gets the
 * same mask (a conversation still reads as one), and a masked number is in the 555 range no real line has.
 * Opt-out keywords (STOP, START…) are not personal and stay, since handlers branch on them. No `vscode` import.
 */
import { createHash } from 'node:crypto';
import { isLosslessNumber, parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';

const OPT_OUT_WORDS = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|unstop|start|yes|no|help|info)\s*$/i;
/** Message fields holding a phone number (alone, or after `ptn:/`). */
const PHONE_FIELDS = new Set(['address', 'finalSource', 'finalDestination', 'cc', 'bcc', 'mobileNumber', 'phoneNumber', 'contact']);
const TEXT_FIELDS = new Set(['body']);

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `+12065550100` → `+1555…` (7 digits from a hash of the number); `2065550100` → the same mask without `+1`. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  const national = digits.slice(-10);
  const seven = (BigInt(`0x${digest(national).slice(0, 12)}`) % 10_000_000n).toString().padStart(7, '0');
  const masked = `555${seven}`;
  if (phone.trim().startsWith('+')) return `+1${masked}`;
  return digits.length === 11 ? `1${masked}` : masked;
}

/** A message text as `[text 3f9c2a, 24 chars]`; opt-out keywords are kept as they are. */
export function maskText(text: string): string {
  if (OPT_OUT_WORDS.test(text)) return text;
  return `[text ${digest(text).slice(0, 6)}, ${text.length} chars]`;
}

/** Every phone-number-looking run in free text (a log line, a path): `+12065550100`, `(206) 555-0100`, `2065550100`. */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<![\d+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g, (match) => maskPhone(match));
}

export interface MaskOptions {
  /** Keep message texts as they are. */
  readonly keepText?: boolean;
  /** Keep phone numbers as they are. */
  readonly keepNumbers?: boolean;
}

function maskValue(name: string, value: unknown, options: MaskOptions): unknown {
  if (typeof value !== 'string') return value;
  if (PHONE_FIELDS.has(name) && !options.keepNumbers)
    return value.startsWith('ptn:/') ? `ptn:/${maskPhone(value.slice(5))}` : maskPhone(value);
  if (TEXT_FIELDS.has(name) && !options.keepText) return maskText(value);
  return value;
}

function maskDeep(value: unknown, options: MaskOptions): unknown {
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, options));
  // Not by constructor name: a minified bundle renames the class.
  if (typeof value !== 'object' || value === null || isLosslessNumber(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    out[name] = typeof field === 'object' && field !== null ? maskDeep(field, options) : maskValue(name, field, options);
  }
  return out;
}

/**
 * A JSON payload with its numbers and (unless `keepText`) its message text masked, every other byte kept as
 * written (ids exact); text that is not JSON comes back with phone-looking runs masked.
 */
export function maskPayload(json: string, options: MaskOptions = {}): string {
  try {
    return stringifyLossless(maskDeep(parseLossless(json), options)) ?? json;
  } catch {
    return options.keepNumbers ? json : maskPhonesIn(json);
  }
}

/** A request target's query fields (a GET delivery's payload) masked like a payload. */
export function maskTarget(target: string, options: MaskOptions = {}): string {
  const path = (text: string): string => (options.keepNumbers ? text : maskPhonesIn(text));
  const query = target.indexOf('?');
  if (query === -1) return path(target);
  const params = new URLSearchParams(target.slice(query + 1));
  const masked = new URLSearchParams();
  for (const [name, value] of params) masked.append(name, String(maskValue(name, value, options)));
  return `${path(target.slice(0, query))}?${masked.toString()}`;
}

/** A captured request with its numbers and texts masked (body and query), everything else as received. */
export function maskCapture<T extends { readonly path: string; readonly body: string; readonly isText: boolean; readonly size: number }>(
  capture: T,
): T {
  return {
    ...capture,
    path: maskTarget(capture.path),
    body: capture.isText && capture.size > 0 ? maskPayload(capture.body) : capture.body,
  };
}
