/** Checks the API base URL setting. Plain HTTP is refused unless the host is loopback. */
import { normalizeBaseUrl } from './client';

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

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
