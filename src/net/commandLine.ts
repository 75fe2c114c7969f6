/**
 * What the terminal commands (`npm run sandbox`, `receiver`, `scenarios`) share in reading their flags: one usage
 * error, Node's own flag parser with its message cut to one line, and the checks of `--port`, `--host`,
 * `--allowed-host` and `--timeout`, so the three commands word the same mistake the same way.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isLoopbackHost } from '../api/baseUrl';

/** A wrong flag: the command prints its message with "(see --help)" and exits 2. */
export class UsageError extends Error {}

/** `parseArgs`, strict, with its errors as one-line UsageErrors. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.split('\n')[0] ?? message);
  }
}

/** `--port`: a number from 0 (any free port) to 65535. */
export function portFlag(text: string | undefined, fallback: number): number {
  const value = text ?? String(fallback);
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`Invalid --port "${value}": expected a number from 0 to 65535.`);
  return Number(value);
}

/**
 * `--host`: loopback unless `--allow-remote` is given too, since anyone who reaches the address could use the
 * server (`what` names it in the message). Tells whether the address may be reached from other machines.
 */
export function hostFlag(host: string, allowRemote: boolean, what: string): { host: string; remote: boolean } {
  const remote = !isLoopbackHost(host.replace(/^\[(.*)\]$/, '$1'));
  if (remote && !allowRemote) {
    throw new UsageError(
      `--host ${host} is not a loopback address: other machines could reach ${what}. Add --allow-remote to listen there anyway.`,
    );
  }
  return { host, remote };
}

/** `--allowed-host`, repeatable: host names (`name` or `name:port`) the server also answers, lower case. */
export function allowedHostFlag(values: readonly string[] | undefined): string[] {
  const hosts = (values ?? []).map((h) => h.trim().toLowerCase());
  if (hosts.some((h) => h === '')) throw new UsageError('Invalid --allowed-host: it must not be empty.');
  return hosts;
}

/** `--timeout`: seconds from 1 to 300, as milliseconds. */
export function timeoutFlag(text: string | undefined, fallbackSeconds: number): number {
  const seconds = Number(text ?? String(fallbackSeconds));
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300)
    throw new UsageError(`Invalid --timeout "${text ?? ''}": expected seconds from 1 to 300.`);
  return seconds * 1000;
}
