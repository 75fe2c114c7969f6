/**
 * The shape of a Zipwhip session key: `<uuid>:<deviceId>`, e.g. `3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789`
 * (docs/zipwhip-api.md, "Authentication").
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The longest key accepted from a server: a uuid, a colon and a device id of up to 20 digits. */
export const MAX_SESSION_KEY_LENGTH = 36 + 1 + 20;

const WHOLE_KEY = new RegExp(`^${UUID}:\\d{1,20}$`, 'i');

/** True when the text is exactly a session key. */
export function isSessionKey(text: string): boolean {
  return text.length <= MAX_SESSION_KEY_LENGTH && WHOLE_KEY.test(text);
}

/** Anything shaped like a session key inside a text (raw, or with the colon percent-encoded), whoever's it is. */
export const SESSION_KEY_ANYWHERE = new RegExp(`${UUID}(?::|%3a)\\d+`, 'gi');

/** The uuid part of a key, when it has one: the secret part (the device id shows in the tree). */
export function uuidPartOf(key: string): string | undefined {
  return new RegExp(`^${UUID}`, 'i').exec(key)?.[0];
}
