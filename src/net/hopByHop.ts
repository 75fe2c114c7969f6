/**
 * Headers that belong to one connection, not to the message (RFC 9110 §7.6.1), which a proxy or a replay must
 * not pass on: the fixed list, and any header the `Connection` header names. `host` and `content-length` are
 * set again by the client for the new request; `expect` is refused by undici.
 */
const HOP_BY_HOP = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'expect',
]);

/** The header names a message's `Connection` header lists (lower case). */
function connectionTokens(pairs: readonly (readonly [string, string])[]): Set<string> {
  const tokens = new Set<string>();
  for (const [name, value] of pairs) {
    if (name.toLowerCase() !== 'connection') continue;
    for (const token of value.split(',')) {
      const trimmed = token.trim().toLowerCase();
      if (trimmed !== '') tokens.add(trimmed);
    }
  }
  return tokens;
}

/** The header pairs to pass on, in their order, names as written, repeats kept. */
export function endToEndHeaders(pairs: readonly (readonly [string, string])[]): [string, string][] {
  const named = connectionTokens(pairs);
  return pairs
    .filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()) && !named.has(name.toLowerCase()))
    .map(([name, value]) => [name, value]);
}
