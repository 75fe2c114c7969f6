/**
 * The receiver as a terminal command (cli.ts is only its entry point, so tests import this without starting it):
 * capture every request, or forward it to a handler, and print one line per capture with each target's status
 * and time. The same capture server and forwarder as the extension's receiver.
 */
import { allowedHostFlag, hostFlag, parseFlags, portFlag, timeoutFlag, UsageError } from '../net/commandLine';
import { CaptureServer } from './captureServer';
import { CaptureStore, type Capture } from './captureStore';
import { CATCH_ALL, isForwardTarget, targetsFor, type ForwardTable } from './forwardRoutes';
import { forwardSummaryLine } from './forwardSummary';

export const USAGE = `Usage: npm run receiver -- [options]

Captures what Zipwhip (or the sandbox) sends to your hooks, and forwards it to your handler.

Options:
  --port <n>                     port to listen on, 0 for a free one (default 8787)
  --host <address>               address to listen on (default 127.0.0.1)
  --allow-remote                 allow a --host other than this machine (everyone who can reach it can send)
  --forward <url>                forward every capture to this handler (the * route)
  --route <type/event>=<url>     forward one event to its own handler; repeat it; several for one event fan out
  --timeout <seconds>            how long to wait for a handler (default 10)
  --allowed-host <name[:port]>   also answer requests naming this host (a tunnel's); repeat it
  -h, --help                     show this help

Without --forward or --route every request is captured and answered 200. With them, the sender gets the first
handler's answer (502 when it fails, 504 when it times out). One line is printed per capture.`;

export { UsageError };

export interface ReceiverCliConfig {
  readonly help: boolean;
  readonly host: string;
  readonly port: number;
  readonly table: ForwardTable;
  readonly timeoutMs: number;
  readonly allowedHosts: readonly string[];
  /** Set when --host is not loopback (and --allow-remote was given): a warning to print. */
  readonly remoteWarning?: string;
}

const EVENTS = new Set(['message/receive', 'message/send', 'message/progress', 'message/read', 'message/delete', 'optout/change']);

export function parseReceiverCli(args: readonly string[]): ReceiverCliConfig {
  const { values } = parseFlags({
    args: [...args],
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      forward: { type: 'string' },
      route: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const port = portFlag(values.port, 8787);
  const { host, remote } = hostFlag(values.host ?? '127.0.0.1', values['allow-remote'] ?? false, 'the receiver');
  const table = new Map<string, string[]>();
  const add = (key: string, url: string, flag: string): void => {
    if (!isForwardTarget(url)) throw new UsageError(`Invalid ${flag} "${url}": expected an http:// or https:// URL.`);
    table.set(key, [...(table.get(key) ?? []), url]);
  };
  if (values.forward !== undefined) add(CATCH_ALL, values.forward, '--forward');
  for (const route of values.route ?? []) {
    const at = route.indexOf('=');
    const key = route.slice(0, at).trim().toLowerCase();
    if (at < 1 || !EVENTS.has(key))
      throw new UsageError(`Invalid --route "${route}": expected <type/event>=<url>, e.g. message/receive=http://127.0.0.1:3000/in.`);
    add(key, route.slice(at + 1).trim(), '--route');
  }
  return {
    help: values.help ?? false,
    host,
    port,
    table,
    timeoutMs: timeoutFlag(values.timeout, 10),
    allowedHosts: allowedHostFlag(values['allowed-host']),
    ...(remote
      ? {
          remoteWarning: `Warning: listening on ${host}: anyone who can reach this machine can send requests to the receiver, and everything they send is printed here.`,
        }
      : {}),
  };
}

/** Runs the command with these arguments (without node and the script); resolves once it listens. */
export async function runReceiverCli(
  argv: readonly string[],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
  err: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<CaptureServer | undefined> {
  let config: ReceiverCliConfig;
  try {
    config = parseReceiverCli(argv);
  } catch (error: unknown) {
    err(`receiver: ${error instanceof Error ? error.message : String(error)} (see --help)`);
    process.exitCode = 2;
    return undefined;
  }
  if (config.help) {
    out(USAGE);
    return undefined;
  }
  if (config.remoteWarning) err(config.remoteWarning);
  const store = new CaptureStore({ count: 1000 });
  const print = (capture: Capture): void => {
    out(forwardSummaryLine(capture));
  };
  let printed = 0;
  const forwarding = config.table.size > 0;
  store.onDidChange(() => {
    for (const capture of store.addedSince(printed)) if (!forwarding || capture.forwards === undefined) print(capture);
    printed = store.totalCaptured;
  });
  const server = new CaptureServer({
    host: config.host,
    port: config.port,
    store,
    allowedHosts: config.allowedHosts,
    ...(forwarding
      ? {
          forwarding: {
            targetsFor: (event) => targetsFor(config.table, event),
            paused: () => false,
            timeoutMs: config.timeoutMs,
            onPending: () => undefined,
            onForwarded: (capture) => {
              print(capture);
              store.add(capture);
            },
          },
        }
      : {}),
  });
  try {
    const { url } = await server.start();
    out(`Receiver listening on ${url}`);
    out(
      forwarding
        ? `Forwarding: ${[...config.table].map(([key, targets]) => `${key} → ${targets.join(', ')}`).join('; ')}`
        : 'Capture only: every request is answered 200.',
    );
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    err(
      `receiver: could not start: ${code === 'EADDRINUSE' ? `port ${config.port} is already in use (try --port 0)` : error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
    return undefined;
  }
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    out(`Received ${signal}, stopping the receiver (${store.totalCaptured} captured).`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}
