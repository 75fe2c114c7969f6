/** The API base URL: how the client reads it, and the check of the setting (plain HTTP only to loopback). */

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/**
 * Parses a server address as the client uses it: http(s) only, the path ending in '/', no query or
 * fragment. Returns undefined when the text is not such a URL.
 */
export function normalizeBaseUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return undefined;
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) {
    url.pathname = `${url.pathname}/`;
  }
  return url;
}

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export function checkBaseUrl(raw: string): BaseUrlCheck {
  const text = raw.trim();
  const url = normalizeBaseUrl(text);
  if (!url) {
    return { ok: false, message: `"${text}" is not a valid http(s) URL.` };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      message: `The API base URL ${url.origin} uses plain HTTP. Session keys are only sent over HTTPS, or over HTTP to this machine (localhost).`,
    };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'The API base URL must not contain a user name or password.' };
  }
  return { ok: true, baseUrl: url.toString() };
}
