/**
 * JSON without loss of precision. Zipwhip ids may exceed 2^53, which `JSON.parse` silently rounds, so
 * every body is parsed with `lossless-json`: integers beyond Number.MAX_SAFE_INTEGER (in either direction)
 * are kept as their exact decimal text; every other number becomes an ordinary `number`.
 */
import { isInteger, isSafeNumber, parse, stringify } from 'lossless-json';

function parseNumber(text: string): number | string {
  if (isInteger(text) && !isSafeNumber(text)) {
    return text;
  }
  return Number(text);
}

/**
 * Parses JSON text. Unsafe integers come back as decimal strings (e.g. `"1327295480212647936"`).
 * Duplicate keys keep the last value, as `JSON.parse` does. Throws a SyntaxError on invalid JSON.
 */
export function parseJson(text: string): unknown {
  return parse(text, null, {
    parseNumber,
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/**
 * Serialises a value to JSON text. A `bigint` (or a lossless-json `LosslessNumber`) is written as an exact
 * JSON number, so ids above 2^53 survive the trip. Returns `undefined` for values JSON cannot represent
 * (a bare `undefined` or a function), like `JSON.stringify`.
 */
export function stringifyJson(value: unknown, space?: number | string): string | undefined {
  return stringify(value, null, space);
}

