/**
 * Keeps the secrets of a call (its session key or password) out of everything an error carries. A server may
 * echo a secret in any form: raw, in another letter case, percent-, form-, JSON- or HTML-encoded (or a mix),
 * inside base64, or only the uuid part of a key (the secret part: the device id shows in the tree).
 */
import { ApiError, CancelledError, NetworkError, SessionRejectedError, UnexpectedResponseError, type ZipwhipError } from './errors';
import { SESSION_KEY_ANYWHERE, uuidPartOf } from '../model/sessionKey';

/** What replaces a secret. */
export const SCRUBBED = '***';

/** What replaces a whole text that holds a secret too short to be cut out of it. */
export const WITHHELD = "(withheld: the server's text may contain a secret)";

/**
 * Shorter secrets are never replaced by substring: a one-letter password would garble every message and, by the
 * gaps, show which letter it is. A text in which one occurs is withheld whole instead.
 */
export const MIN_SCRUBBED_SECRET_LENGTH = 8;

/** The longest form one character of a secret can take in the patterns below (e.g. `%F0%9F%98%80`). */
const MAX_FORM_LENGTH_PER_CHAR = 16;

const JSON_SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const HTML_NAMED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Every form one character may take in an echo: itself, %XX bytes, `+` for a space, a JSON or HTML escape. */
function charPattern(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const forms = new Set<string>([escapeRegExp(char)]);
  forms.add([...Buffer.from(char, 'utf8')].map((byte) => `%${hex(byte, 2)}`).join(''));
  if (char === ' ') forms.add('\\+');
  const short = JSON_SHORT_ESCAPES[char];
  if (short !== undefined) forms.add(escapeRegExp(short));
  let units = '';
  for (let i = 0; i < char.length; i++) units += `\\\\u${hex(char.charCodeAt(i), 4)}`;
  forms.add(units);
  forms.add(`&#0{0,4}${code};`);
  forms.add(`&#x0{0,4}${hex(code, 1)};`);
  const named = HTML_NAMED[char];
  if (named !== undefined) forms.add(named);
  return `(?:${[...forms].join('|')})`;
}

/**
 * The parts of the base64 of `text` that stay the same wherever it sits in a larger blob: one per byte
 * alignment (0, 1 or 2 bytes before it), standard and url-safe alphabets.
 */
function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const forms: string[] = [];
  for (const before of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(before), bytes]).toString('base64');
    const first = Math.ceil((before * 8) / 6);
    const end = Math.floor(((before + bytes.length) * 8) / 6);
    const stable = encoded.slice(first, end);
    forms.push(stable, stable.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Secrets longer than this are looked for only in their exact encoded forms, not character by character: the
 * pattern of a long secret would be too large for the regular expression engine.
 */
const MAX_PATTERN_SECRET_LENGTH = 256;

/** Every form of one secret except base64, case-insensitively (an upper-cased echo is still the secret). */
function encodedPattern(secret: string, flags: string): RegExp {
  // By code point: a character outside the BMP is one character, percent-encoded as four bytes.
  return new RegExp(Array.from(secret, charPattern).join(''), `i${flags}`);
}

/** The forms of a secret too long for a pattern: raw, and as the common encoders write it (matched in any case). */
function literalForms(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** Replaces each literal in any letter case (exactly, when lower-casing would change the text's length). */
function replaceCaseless(text: string, literals: readonly string[]): string {
  let result = text;
  for (const literal of literals) {
    const lower = result.toLowerCase();
    const needle = literal.toLowerCase();
    if (lower.length !== result.length || needle.length !== literal.length) {
      result = result.split(literal).join(SCRUBBED);
      continue;
    }
    let out = '';
    let from = 0;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
      out += result.slice(from, at) + SCRUBBED;
      from = at + needle.length;
    }
    result = out + result.slice(from);
  }
  return result;
}

/** The base64 forms of a secret, as sent and as it travels in the form body (longest first). */
function base64Literals(secret: string): string[] {
  const wire = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([...base64Forms(secret), ...base64Forms(wire)])].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

function replaceLiterals(text: string, literals: readonly string[]): string {
  let result = text;
  for (const literal of literals) result = result.split(literal).join(SCRUBBED);
  return result;
}

interface Patterns {
  /** Replace the secrets long enough to be cut out of a text. */
  readonly replacers: readonly ((text: string) => string)[];
  /** Tell whether a short secret occurs in a text. */
  readonly detectors: readonly ((text: string) => boolean)[];
  /** How far past a cut a secret that starts before it may reach. */
  readonly margin: number;
}

/** Nothing can be found when the patterns could not be built: every text is then withheld. */
const UNUSABLE: Patterns = { replacers: [() => WITHHELD], detectors: [() => true], margin: 0 };

function buildPatterns(secrets: readonly string[]): Patterns {
  const texts = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    texts.add(secret);
    const uuid = uuidPartOf(secret);
    if (uuid !== undefined) texts.add(uuid);
  }
  // Longest first, so a key is replaced whole before its uuid part is looked for.
  const sorted = [...texts].sort((a, b) => b.length - a.length);
  const replacers: ((text: string) => string)[] = [];
  const detectors: ((text: string) => boolean)[] = [];
  for (const secret of sorted) {
    if (secret.length < MIN_SCRUBBED_SECRET_LENGTH) {
      // A short secret's base64 is a few characters that any text may hold: only its encoded forms count.
      const pattern = encodedPattern(secret, '');
      detectors.push((text) => pattern.test(text));
      continue;
    }
    if (secret.length <= MAX_PATTERN_SECRET_LENGTH) {
      const pattern = encodedPattern(secret, 'g');
      replacers.push((text) => text.replace(pattern, SCRUBBED));
    } else {
      const literals = literalForms(secret);
      replacers.push((text) => replaceCaseless(text, literals));
    }
    const base64 = base64Literals(secret);
    replacers.push((text) => replaceLiterals(text, base64));
  }
  return { replacers, detectors, margin: (sorted[0]?.length ?? 0) * MAX_FORM_LENGTH_PER_CHAR + 64 };
}

/** The secrets of a call, as patterns built on first use (most calls never need them). */
export class Redactor {
  private built: Patterns | undefined;

  constructor(private readonly secrets: readonly string[]) {}

  /**
   * Text from the server (or anything else outside the extension): every form of every secret, and anything
   * shaped like a session key, replaced by '***'; or, when a secret too short to cut out occurs in it, the
   * fixed WITHHELD text.
   */
  serverText(text: string): string {
    if (this.patterns().detectors.some((occurs) => occurs(text))) return WITHHELD;
    return this.scrub(text);
  }

  /** The first `maxChars` characters of a server text, redacted as a whole first (a secret cut in two is still found). */
  head(text: string, maxChars: number): string {
    const window = text.slice(0, maxChars + this.patterns().margin);
    const redacted = this.serverText(window);
    return redacted === WITHHELD ? WITHHELD : redacted.slice(0, maxChars);
  }

  /**
   * The last net for any text an error carries: long secrets and key-shaped text replaced. Short secrets are not
   * touched here, since this text is mostly the extension's own words; server text was withheld where it was used.
   */
  scrub(text: string): string {
    let result = text;
    for (const replace of this.patterns().replacers) result = replace(result);
    return result.replace(SESSION_KEY_ANYWHERE, SCRUBBED);
  }

  private patterns(): Patterns {
    if (this.built) return this.built;
    try {
      this.built = buildPatterns(this.secrets);
    } catch {
      // The error would quote the pattern, and so the secret: say nothing rather than that.
      this.built = UNUSABLE;
    }
    return this.built;
  }
}

/** Replaces every form of the secrets, and anything shaped like a session key, in a server's text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return new Redactor(secrets).serverText(text);
}

/** Rebuilds the error with secrets removed from its message and detail (and so from its stack). */
export function scrubError(error: ZipwhipError, redactor: Redactor): ZipwhipError {
  const scrub = (text: string): string => redactor.scrub(text);
  if (error instanceof SessionRejectedError) return new SessionRejectedError(error.status, scrub(error.message));
  if (error instanceof ApiError) return new ApiError(scrub(error.message), error.status, error.code, scrub(error.detail));
  if (error instanceof UnexpectedResponseError) return new UnexpectedResponseError(scrub(error.message), error.status, scrub(error.detail));
  if (error instanceof NetworkError) return new NetworkError(error.failure, scrub(error.message));
  if (error instanceof CancelledError) return error;
  // An unknown subclass: keep its class, but make sure the text is clean.
  error.message = scrub(error.message);
  error.stack = error.stack === undefined ? undefined : scrub(error.stack);
  return error;
}
