/**
 * Resends a captured request to another URL (usually the receiver under development), byte for byte:
 * same method, same headers (less the per-connection ones), same body bytes.
 *
 * URL choice: the target URL is used exactly as given, since the developer typed the address their receiver
 * listens on; the captured path is NOT grafted onto it. The captured query string is kept only when the
 * target has none of its own, so a GET delivery (whose fields travel in the query) replays with its fields.
 */
import { deliver, type DeliverOptions, type DeliveryOutcome } from '../deliveries/deliver';
import { endToEndHeaders } from '../net/hopByHop';
import { captureBodyBytes, type Capture } from './captureStore';

/**
 * The captured headers for resending: hop-by-hop ones (and those the captured `Connection` header names)
 * dropped, repeated ones joined as HTTP allows.
 */
export function replayHeaders(headers: Capture['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  const firstSpelling = new Map<string, string>();
  for (const [name, value] of endToEndHeaders(headers)) {
    const lower = name.toLowerCase();
    const key = firstSpelling.get(lower);
    if (key === undefined) {
      firstSpelling.set(lower, name);
      result[name] = value;
    } else {
      result[key] = `${result[key] ?? ''}${lower === 'cookie' ? '; ' : ', '}${value}`;
    }
  }
  return result;
}

/**
 * A captured request target on an origin, as text: `//other.host/x` or `http://other.host/x` (a client can send
 * either) stays on `base`'s origin instead of being resolved as a URL.
 */
export function urlOnOrigin(base: string, target: string): string {
  const origin = new URL(base).origin;
  return `${origin}${target.startsWith('/') ? target : `/${target}`}`;
}

/** The URL a replay goes to: the target as given, plus the captured query when the target has none. */
export function replayUrl(capturePath: string, targetUrl: string): string {
  const query = capturePath.indexOf('?');
  if (query === -1 || targetUrl.includes('?')) return targetUrl;
  const hash = targetUrl.indexOf('#');
  const base = hash === -1 ? targetUrl : targetUrl.slice(0, hash);
  return `${base}${capturePath.slice(query)}`;
}

/**
 * Resends the capture. A truncated capture resends only the bytes it kept. No body is sent when none was
 * received. Never throws: see the outcome's `error`.
 */
export function replay(capture: Capture, targetUrl: string, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const bytes = captureBodyBytes(capture);
  const hadBody = capture.size > 0;
  return deliver(
    {
      method: capture.method,
      url: replayUrl(capture.path, targetUrl),
      headers: replayHeaders(capture.headers),
      ...(hadBody ? { body: bytes } : {}),
    },
    options,
  );
}
