/**
 * The URL of a GET delivery. Zipwhip never documented how a GET hook receives the message; our reading is
 * that the flat scalar fields travel as query parameters, appended to the query the hook URL already has.
 */
import { parseJson } from '../model/losslessJson';

/**
 * Appends each top-level scalar field of `payloadJson` to `url` as `name=value`: strings as they are, ids
 * exact (the lossless parser keeps them as decimal text), booleans as `true`/`false`, null as an empty
 * value. Nested objects and arrays are left out. The hook URL's own text is kept as written (no
 * normalisation through `URL`); a fragment is dropped, as an HTTP client would. Throws on invalid JSON or
 * a payload that is not an object.
 */
export function toGetUrl(url: string, payloadJson: string): string {
  const payload = parseJson(payloadJson);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new TypeError('The payload must be a JSON object.');
  }
  const params: string[] = [];
  for (const [name, value] of Object.entries(payload as Record<string, unknown>)) {
    let text: string;
    if (value === null) text = '';
    else if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else continue;
    params.push(`${encodeURIComponent(name)}=${encodeURIComponent(text)}`);
  }
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  if (params.length === 0) return base;
  const joiner = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${joiner}${params.join('&')}`;
}
