/**
 * Which Zipwhip event a captured request is. Zipwhip sends no event header, so receivers use one path per
 * event (`…/message/receive`); failing that, the message fields give a fair guess. Runs on the capture
 * server's hot path, so the body is scanned with a few regular expressions instead of being parsed.
 */

export interface RecognizedEvent {
  /** `type:event`, e.g. `message:receive`. */
  readonly event: string;
  readonly from: 'path' | 'payload';
}

const MESSAGE_EVENTS = new Set(['receive', 'send', 'progress', 'read', 'delete']);
const OPTOUT_WORDS = /^\s*(stop|stopall|unsubscribe|cancel|end|quit|unstop|start)\s*$/i;

const OPTOUT_PATH = /\/(?:optout|opt-out|optouts)(?:\/|$)/i;
const EVENT_AT_END = /\/(receive|send|progress|read|delete)\/?$/i;

/** From the path alone: an `optout` segment, or the last segment naming a message event. */
export function eventFromPath(target: string): string | undefined {
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  if (OPTOUT_PATH.test(path)) return 'optout:change';
  // Fast path for the usual layout (…/message/receive); the loop handles /receive/v2 and the like.
  const atEnd = EVENT_AT_END.exec(path)?.[1];
  if (atEnd !== undefined) return `message:${atEnd.toLowerCase()}`;
  const segments = path.toLowerCase().split('/');
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? '';
    if (MESSAGE_EVENTS.has(segment)) return `message:${segment}`;
  }
  return undefined;
}

const fieldPatterns = new Map<string, RegExp>();

/** The raw JSON value of a top-level-looking `"name": value` in the text (strings unquoted, escapes kept). */
function jsonField(text: string, name: string): string | undefined {
  let pattern = fieldPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`"${name}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|-?\\d+|true|false|null)`);
    fieldPatterns.set(name, pattern);
  }
  const value = pattern.exec(text)?.[1];
  return value?.startsWith('"') ? value.slice(1, -1) : value;
}

/**
 * A guess from the message fields, given a field reader (JSON body or GET query):
 * deleted → delete; MO read → read; MO STOP-like word → optout change; MO → receive;
 * ZO/MT still in process (statusCode 1, not delivered) → send; other ZO/MT → progress.
 */
export function eventFromFields(field: (name: string) => string | undefined): string | undefined {
  const messageType = field('messageType');
  if (messageType === undefined) return undefined;
  if (field('deleted') === 'true') return 'message:delete';
  if (messageType === 'MO') {
    if (field('read') === 'true') return 'message:read';
    if (OPTOUT_WORDS.test(field('body') ?? '')) return 'optout:change';
    return 'message:receive';
  }
  if (messageType === 'ZO' || messageType === 'MT') {
    const delivered = field('dateDelivered');
    return field('statusCode') === '1' && (delivered === undefined || delivered === 'null' || delivered === '')
      ? 'message:send'
      : 'message:progress';
  }
  return undefined;
}

/** Path first, then the JSON body (when text), then the query string (a GET delivery). */
export function recognizeEvent(target: string, bodyText: string | undefined): RecognizedEvent | undefined {
  const byPath = eventFromPath(target);
  if (byPath) return { event: byPath, from: 'path' };
  if (bodyText !== undefined && bodyText.includes('"messageType"')) {
    const byBody = eventFromFields((name) => jsonField(bodyText, name));
    if (byBody) return { event: byBody, from: 'payload' };
  }
  const query = target.indexOf('?');
  if (query !== -1 && target.includes('messageType=', query)) {
    const params = new URLSearchParams(target.slice(query + 1));
    const byQuery = eventFromFields((name) => params.get(name) ?? undefined);
    if (byQuery) return { event: byQuery, from: 'payload' };
  }
  return undefined;
}
