/**
 * Realistic Zipwhip delivery payloads, one per documented event, in the 2020 or the 2015 shape
 * (docs/zipwhip-api.md, "Deliveries"). The JSON text is built with bigint ids and the lossless stringifier,
 * so message ids above 2^53 are written exactly. Given a seed and a clock the output is byte-for-byte
 * deterministic, which the tests rely on.
 */
import { stringifyJson } from '../model/losslessJson';

export type PayloadShape = '2020' | '2015';

/** How a `message/progress` sequence ends. */
export type ProgressOutcome = 'delivered' | 'failed' | 'stop';

export interface PayloadOptions {
  readonly type: string;
  readonly event: string;
  /** Default '2020'. */
  readonly shape?: PayloadShape;
  /** Our text-enabled line (10 digits or E.164). Default +12068163958, the 2020 example's. */
  readonly line?: string;
  /** The other phone. Default +12063996756, the 2020 example's. */
  readonly otherParty?: string;
  /** The message text; default depends on the event ('STOP' for optout/change). */
  readonly body?: string;
  /** Fixes ids, fingerprint and contact id; a random seed when absent. */
  readonly seed?: number;
  /** The moment of the event; default now. Dates are written to the second. */
  readonly now?: Date;
  /** When the message was created; default `now`, or a little before it for read, delete and progress. */
  readonly createdAt?: Date;
  /** Overrides the seeded message id (a bigint or decimal text). */
  readonly messageId?: bigint | string;
  readonly deviceId?: bigint | string | number;
  readonly contactId?: bigint | string | number;
  /** Overrides the event's status code (e.g. one step of a progress sequence). */
  readonly statusCode?: number;
  /** For message/read and message/delete, which may concern either direction. Default 'inbound'. */
  readonly direction?: 'inbound' | 'outbound';
  /** Overrides the seeded fingerprint (the events of one message share it). */
  readonly fingerprint?: string;
  /** Any payload field, set last (a scenario's own data); a bigint is written as an exact number. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface GeneratedPayload {
  /** The exact JSON text to send (ids above 2^53 exact). */
  readonly json: string;
  /** Content-Type and User-Agent as Zipwhip sent them for this shape. */
  readonly headers: Record<string, string>;
  /** The message id as decimal text. */
  readonly messageId: string;
}

/** Headers per shape. 2015 follows the original docs' example, which has a space before `charset`. */
export const PAYLOAD_HEADERS: Readonly<Record<PayloadShape, Readonly<Record<string, string>>>> = {
  '2020': { 'Content-Type': 'application/json;charset=UTF-8', 'User-Agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)' },
  '2015': { 'Content-Type': 'application/json; charset=UTF-8', 'User-Agent': 'Jakarta Commons-HttpClient/3.1' },
};

/** statusCode steps of a progress sequence (status-codes.md: 1 in process, 2 queued, 4 delivered, 5 error, -1234 STOP). */
export const PROGRESS_SEQUENCES: Readonly<Record<ProgressOutcome, readonly number[]>> = {
  delivered: [1, 2, 4],
  failed: [1, 2, 5],
  stop: [1, -1234],
};

const SHAPE_DEFAULTS = {
  '2020': { idBase: 1327295480212647936n, contactBase: 14543967707n, deviceId: 377265507n, transport: 5 },
  '2015': { idBase: 634151298329219072n, contactBase: 3382213402n, deviceId: 299538202n, transport: 9 },
} as const;

/** Field order of each documented example; receivers that log raw bodies see the familiar layout. */
const FIELD_ORDER: Readonly<Record<PayloadShape, readonly string[]>> = {
  '2020': [
    'body',
    'bodySize',
    'address',
    'finalSource',
    'finalDestination',
    'messageType',
    'fingerprint',
    'id',
    'cc',
    'visible',
    'read',
    'bcc',
    'contactId',
    'scheduledDate',
    'deviceId',
    'dateDeleted',
    'messageTransport',
    'dateDelivered',
    'hasAttachment',
    'dateCreated',
    'deleted',
    'dateRead',
    'statusCode',
    'messageStatus',
  ],
  '2015': [
    'body',
    'bodySize',
    'visible',
    'hasAttachment',
    'dateRead',
    'bcc',
    'finalDestination',
    'messageType',
    'deleted',
    'statusCode',
    'id',
    'scheduledDate',
    'fingerprint',
    'messageTransport',
    'contactId',
    'address',
    'read',
    'dateCreated',
    'dateDeleted',
    'dateDelivered',
    'cc',
    'finalSource',
    'deviceId',
  ],
};

const DEFAULT_LINE = '+12068163958';
const DEFAULT_OTHER_PARTY = '+12063996756';
const SUCCESS_CODES = new Set([0, 4, 6]);

/** mulberry32: a tiny seeded PRNG, enough to make ids look varied yet repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** E.164 for a 10-digit NANP number or `1` + 10 digits; anything already `+digits` is kept. */
export function toE164(phone: string): string {
  const digits = phone.replace(/[\s().-]/g, '');
  if (/^\+\d{8,15}$/.test(digits)) return digits;
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  return digits;
}

/** The 2015 form: national 10 digits for +1 numbers, otherwise the digits without `+`. */
function to2015Number(phone: string): string {
  const e164 = toE164(phone);
  return e164.startsWith('+1') && e164.length === 12 ? e164.slice(2) : e164.replace(/^\+/, '');
}

/** 2020: `2020-11-13T17:01:17Z`; 2015: the same instant at -07:00, as the 2015 example shows. */
function formatDate(date: Date, shape: PayloadShape): string {
  if (shape === '2020') return `${date.toISOString().slice(0, 19)}Z`;
  const local = new Date(date.getTime() - 7 * 3600_000);
  return `${local.toISOString().slice(0, 19)}-07:00`;
}

function toBigint(value: bigint | string | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new RangeError(`${name} must be a non-negative integer, got ${text}.`);
  return BigInt(text);
}

function defaultBody(type: string, event: string): string {
  if (type === 'optout') return 'STOP';
  return event === 'send' || event === 'progress' ? 'Thanks for texting, this is an auto reply!' : 'Hello World';
}

/** The status code an event carries when the caller does not say. */
function defaultStatusCode(type: string, event: string): number {
  if (type === 'optout' || event === 'receive' || event === 'read' || event === 'delete') return 4;
  return 1; // send: just handed to the carrier; progress starts in process.
}

/** The message object as an ordered record: bigint ids, fields in the example's order, adjusted to the event. */
function buildMessageObject(options: PayloadOptions): Record<string, unknown> {
  const shape = options.shape ?? '2020';
  const defaults = SHAPE_DEFAULTS[shape];
  const random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  // Draw all random values first, in a fixed order, so an override never shifts the others.
  const idOffset = BigInt(Math.floor(random() * 1e12));
  const fingerprint = String(1_000_000_000 + Math.floor(random() * 2_000_000_000));
  const contactOffset = BigInt(Math.floor(random() * 1e6));

  const { type, event } = options;
  const outbound =
    event === 'send' || event === 'progress' || ((event === 'delete' || event === 'read') && options.direction === 'outbound');
  const number = shape === '2020' ? toE164 : to2015Number;
  const line = number(options.line ?? DEFAULT_LINE);
  const other = number(options.otherParty ?? DEFAULT_OTHER_PARTY);
  const text = options.body ?? defaultBody(type, event);
  const statusCode = options.statusCode ?? defaultStatusCode(type, event);
  const now = options.now ?? new Date();
  // The event happens at `now`; the message was created a little earlier when the event is a later step.
  const lagSeconds = event === 'read' ? 90 : event === 'delete' ? 300 : event === 'progress' ? 5 : 0;
  const created = formatDate(options.createdAt ?? new Date(now.getTime() - lagSeconds * 1000), shape);
  const at = formatDate(now, shape);
  const deleted = event === 'delete';

  const fields: Record<string, unknown> = {
    body: text,
    bodySize: text.length,
    address: `ptn:/${other}`,
    finalSource: outbound ? line : other,
    finalDestination: outbound ? other : line,
    messageType: outbound ? 'ZO' : 'MO',
    fingerprint: options.fingerprint ?? fingerprint,
    id: options.messageId === undefined ? defaults.idBase + idOffset : toBigint(options.messageId, 'messageId'),
    cc: null,
    visible: !deleted,
    read: event === 'read',
    bcc: null,
    contactId: options.contactId === undefined ? defaults.contactBase + contactOffset : toBigint(options.contactId, 'contactId'),
    scheduledDate: null,
    deviceId: options.deviceId === undefined ? defaults.deviceId : toBigint(options.deviceId, 'deviceId'),
    dateDeleted: deleted ? at : null,
    messageTransport: defaults.transport,
    dateDelivered: outbound && event === 'progress' && SUCCESS_CODES.has(statusCode) ? at : null,
    hasAttachment: false,
    dateCreated: created,
    deleted,
    dateRead: event === 'read' ? at : null,
    statusCode,
    messageStatus: 1003,
  };
  const ordered: Record<string, unknown> = {};
  for (const key of FIELD_ORDER[shape]) ordered[key] = fields[key];
  for (const [key, value] of Object.entries(options.fields ?? {})) ordered[key] = value;
  if (options.fields && 'body' in options.fields && !('bodySize' in options.fields) && typeof options.fields.body === 'string') {
    ordered.bodySize = options.fields.body.length;
  }
  return ordered;
}

/** One delivery's body and headers for an event. */
export function generatePayload(options: PayloadOptions): GeneratedPayload {
  const shape = options.shape ?? '2020';
  const message = buildMessageObject(options);
  const json = stringifyJson(message) ?? '{}';
  return { json, headers: { ...PAYLOAD_HEADERS[shape] }, messageId: String(message.id) };
}

/**
 * The `message/progress` deliveries of ONE outbound message, in order: same id, statusCode walking
 * PROGRESS_SEQUENCES[outcome]; each step one second after the previous one, the last at `now`.
 */
export function generateProgressSequence(
  options: Omit<PayloadOptions, 'type' | 'event' | 'statusCode'>,
  outcome: ProgressOutcome = 'delivered',
): GeneratedPayload[] {
  const codes = PROGRESS_SEQUENCES[outcome];
  const now = options.now ?? new Date();
  // One seed and one creation time for every step: it is the same message each time.
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const createdAt = options.createdAt ?? new Date(now.getTime() - codes.length * 1000);
  return codes.map((statusCode, index) =>
    generatePayload({
      ...options,
      type: 'message',
      event: 'progress',
      seed,
      createdAt,
      statusCode,
      now: new Date(now.getTime() - (codes.length - 1 - index) * 1000),
    }),
  );
}
