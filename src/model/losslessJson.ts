/**
 * JSON without loss of precision. Zipwhip ids may exceed 2^53, which `JSON.parse` silently rounds, so every
 * number whose text a `number` cannot hold exactly (lossless-json's `isSafeNumber`: integers beyond
 * Number.MAX_SAFE_INTEGER, but also `1e-400`, `1e400` or `4503599627370496.5`) is kept as its exact text, a
 * string; every other number becomes an ordinary `number`.
 *
 * `JSON.parse` does the parsing: it is several times faster than a parser written in JavaScript (lossless-json's
 * own parse, or `JSON.parse` with a reviver, cost 4 to 20 times as much on a 10,000-hook list). A scan finds
 * the number literals outside strings that could lose precision; when there are any, they are put in quotes
 * first, which makes `JSON.parse` return exactly their text.
 */
import { isNumber, isSafeNumber, stringify } from 'lossless-json';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const COLON = 0x3a;

/** A literal of at most this many digits and no exponent always survives `Number()` exactly. */
const ALWAYS_SAFE_DIGITS = 15;

function isDigit(code: number): boolean {
  return code >= ZERO && code <= NINE;
}

function isNumberChar(code: number): boolean {
  return isDigit(code) || code === DOT || code === MINUS || code === PLUS || code === LOWER_E || code === UPPER_E;
}

/** The offset just past the string whose opening quote is at `open` (the text's length if it never closes). */
function endOfString(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[ \t\r\n]/.test(text.charAt(i))) i++;
  return text.charCodeAt(i);
}

/**
 * The [start, end) offsets of each number literal outside strings that `Number()` would change. A run that
 * is not a valid number, or stands where a key would (before a colon), is left alone, so that quoting never
 * makes invalid JSON valid.
 */
function unsafeNumberSpans(text: string): number[] {
  const spans: number[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
    } else if (isDigit(code) || code === MINUS) {
      const start = i;
      let digits = 0;
      let exponent = false;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (!isNumberChar(c)) break;
        if (isDigit(c)) digits++;
        else if (c === LOWER_E || c === UPPER_E) exponent = true;
      }
      if (exponent || digits > ALWAYS_SAFE_DIGITS) {
        const literal = text.slice(start, i);
        if (isNumber(literal) && !isSafeNumber(literal) && nextNonSpace(text, i) !== COLON) spans.push(start, i);
      }
    } else {
      i++;
    }
  }
  return spans;
}

function quoteSpans(text: string, spans: readonly number[]): string {
  const parts: string[] = [];
  let from = 0;
  for (let s = 0; s < spans.length; s += 2) {
    const start = spans[s] ?? 0;
    const end = spans[s + 1] ?? 0;
    parts.push(text.slice(from, start), '"', text.slice(start, end), '"');
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/**
 * Parses JSON text. Numbers that a `number` cannot hold exactly come back as their text (e.g.
 * `"1327295480212647936"`). Duplicate keys keep the last value, and `__proto__` is an ordinary own key, as with
 * `JSON.parse`. Throws a SyntaxError on invalid JSON.
 */
export function parseJson(text: string): unknown {
  const spans = unsafeNumberSpans(text);
  return JSON.parse(spans.length === 0 ? text : quoteSpans(text, spans));
}

/**
 * Serialises a value to JSON text. A `bigint` (or a lossless-json `LosslessNumber`) is written as an exact
 * JSON number, so ids above 2^53 survive the trip. Returns `undefined` for values JSON cannot represent
 * (a bare `undefined` or a function), like `JSON.stringify`.
 */
export function stringifyJson(value: unknown, space?: number | string): string | undefined {
  return stringify(value, null, space);
}
