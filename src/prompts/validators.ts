import { isSessionKey } from '../model/sessionKey';
import type { Validation } from './prompter';

/** Validation of a webhook URL as the user types: an absolute http(s) URL with a host. */
export function validateWebhookUrl(raw: string, existingUrls: readonly string[] = []): Validation | undefined {
  const value = raw.trim();
  if (value === '') {
    return { severity: 'error', message: 'Enter the URL Zipwhip should call, e.g. https://example.com/zipwhip/message/receive' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { severity: 'error', message: 'Not a valid URL. Enter an absolute URL starting with https://' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { severity: 'error', message: `Only http:// and https:// URLs can receive web hooks (got ${url.protocol}).` };
  }
  if (url.hostname === '') {
    return { severity: 'error', message: 'The URL needs a host name.' };
  }
  if (/\s/.test(value)) {
    return { severity: 'error', message: 'The URL must not contain spaces.' };
  }
  if (existingUrls.some((existing) => existing.trim() === value)) {
    return { severity: 'warning', message: 'This URL is already installed for this event on this line; Zipwhip would call it twice.' };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      severity: 'warning',
      message:
        'The URL holds a user name or password: it is stored on the server as written, and test deliveries do not send it as a login.',
    };
  }
  if (url.protocol === 'http:') {
    return { severity: 'warning', message: 'Plain http:// is allowed, but HTTPS is recommended: message bodies travel in the clear.' };
  }
  return undefined;
}

/** The username of a Zipwhip line: a phone number, or an operator name on multi-user accounts. */
export function validateUsername(raw: string): Validation | undefined {
  if (raw.trim() === '') return { severity: 'error', message: 'Enter the phone number (or user name) of the line.' };
  return undefined;
}

export function validatePassword(raw: string): Validation | undefined {
  if (raw === '') return { severity: 'error', message: 'Enter the password.' };
  return undefined;
}

/** A Zipwhip session key is `<uuid>:<deviceId>`; other shapes are accepted with a warning. */
export function validateSessionKey(raw: string): Validation | undefined {
  const value = raw.trim();
  if (value === '') return { severity: 'error', message: 'Paste the session key.' };
  if (/\s/.test(value)) return { severity: 'error', message: 'A session key has no spaces.' };
  if (!isSessionKey(value)) {
    return {
      severity: 'warning',
      message: 'This does not look like a Zipwhip session key (<uuid>:<number>); it will be checked with the server.',
    };
  }
  return undefined;
}

/** A TCP port to listen on; 0 picks a free one. */
export function validatePort(raw: string): Validation | undefined {
  const value = raw.trim();
  const port = Number(value);
  return value !== '' && Number.isInteger(port) && port >= 0 && port <= 65535
    ? undefined
    : { severity: 'error', message: 'Enter a port from 1 to 65535 (0 picks a free one).' };
}

/** A whole number from 1 to `max`. */
export function validateCount(raw: string, max: number): Validation | undefined {
  const n = Number(raw.trim());
  return raw.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= max
    ? undefined
    : { severity: 'error', message: `Enter a whole number from 1 to ${max}.` };
}
