import { lazySchema } from '../model/schema';

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

const lineRecordSchema = lazySchema((z) => z.object({ id: z.string(), server: z.string(), deviceId: z.string(), label: z.string() }));

/** The stored index of lines: entries that are not line records are dropped, anything else gives no lines. */
export const lineRecordsSchema = lazySchema((z) =>
  z.catch(
    z.pipe(
      z.array(z.unknown()),
      z.transform((entries: unknown[]): LineRecord[] =>
        entries.flatMap((entry) => {
          const parsed = lineRecordSchema.safeParse(entry);
          return parsed.success ? [parsed.data] : [];
        }),
      ),
    ),
    [],
  ),
);
