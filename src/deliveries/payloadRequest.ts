/**
 * An edited payload as a request: the JSON text is sent exactly as written (ids above 2^53 included), in the
 * body for POST and PUT, or as query fields for GET (Zipwhip's GET hooks, our reading: see getUrl.ts).
 */
import { endToEndHeaders } from '../net/hopByHop';
import { parseJson, stringifyJson } from '../model/losslessJson';
import { prettyBody } from '../model/bodyText';
import type { DeliveryRequest } from './deliver';
import { toGetUrl } from './getUrl';

export const PAYLOAD_METHODS = ['POST', 'PUT', 'GET'] as const;
export type PayloadMethod = (typeof PAYLOAD_METHODS)[number];

/** Why a payload text cannot be sent, or undefined when it is a JSON object. */
export function payloadProblem(text: string): string | undefined {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return `The payload is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'The payload must be a JSON object ({ … }).';
}

/** The JSON text to edit for a captured request: its body re-indented, or for a GET its query fields as an object. */
export function editablePayload(capture: {
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly isText: boolean;
  readonly size: number;
}): string {
  if (capture.size > 0 && capture.isText) return prettyBody(capture.body);
  const query = capture.path.indexOf('?');
  const fields: Record<string, unknown> = {};
  if (query !== -1) {
    for (const [name, value] of new URLSearchParams(capture.path.slice(query + 1))) {
      // The inverse of toGetUrl: digits were numbers (kept exact as bigint), true/false booleans, empty null.
      fields[name] = /^-?\d+$/.test(value)
        ? BigInt(value)
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : value === ''
              ? null
              : value;
    }
  }
  return stringifyJson(fields, 2) ?? '{}';
}

/** The request that sends `text` to `url` with `method`; `headers` are the captured ones (hop-by-hop dropped). */
export function payloadRequest(
  text: string,
  method: PayloadMethod,
  url: string,
  headers: readonly (readonly [string, string])[],
): DeliveryRequest {
  const problem = payloadProblem(text);
  if (problem) throw new TypeError(problem);
  const kept: Record<string, string> = {};
  for (const [name, value] of endToEndHeaders(headers)) {
    if (method === 'GET' && name.toLowerCase() === 'content-type') continue;
    const existing = Object.keys(kept).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing === undefined) kept[name] = value;
    else kept[existing] = `${kept[existing] ?? ''}, ${value}`;
  }
  if (method === 'GET') return { method, url: toGetUrl(url, text), headers: kept };
  if (!Object.keys(kept).some((k) => k.toLowerCase() === 'content-type')) kept['Content-Type'] = 'application/json;charset=UTF-8';
  return { method, url, headers: kept, body: Buffer.from(text, 'utf8') };
}
