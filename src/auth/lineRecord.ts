/** What the extension remembers about a signed-in line. Never holds the key itself. */
export interface LineRecord {
  /** Stable id: `<server>|<deviceId>`; also the tree id of the line. */
  readonly id: string;
  /** The normalised API base URL that issued the key, or SANDBOX_SERVER for the built-in sandbox. */
  readonly server: string;
  readonly deviceId: string;
  /** The username (phone number) when known, else "Line <deviceId>". */
  readonly label: string;
}

export const SANDBOX_SERVER = 'sandbox';

/** The device id is the number after the colon in `<uuid>:<deviceId>`; other shapes get a short fingerprint. */
export function deviceIdOf(sessionKey: string, fingerprint: (text: string) => string): string {
  const match = /:(\d+)$/.exec(sessionKey.trim());
  return match?.[1] ?? `key-${fingerprint(sessionKey).slice(0, 12)}`;
}

export function lineId(server: string, deviceId: string): string {
  return `${server}|${deviceId}`;
}

export function isLineRecord(value: unknown): value is LineRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.server === 'string' && typeof v.deviceId === 'string' && typeof v.label === 'string';
}
