/**
 * The sandbox command's logic (cli.ts is only its entry point, so tests can import this without starting it).
 * USAGE below is the one description of its flags and output. Stops cleanly on SIGINT and SIGTERM.
 */
import { allowedHostFlag, hostFlag, parseFlags, portFlag, UsageError } from '../net/commandLine';
import { SANDBOX_FAULT_KINDS } from './faults';
import { SandboxServer } from './server';
import { DEFAULT_SANDBOX_ACCOUNT, type SandboxOptions } from './types';

const USAGE = `Usage: node dist/sandbox-cli.js [options]

Runs a Zipwhip-compatible web hooks server for trying the extension out.

Options:
  --port <n>         port to listen on, 0 for a free one (default 8123)
  --host <address>   address to listen on (default 127.0.0.1); only loopback addresses
                     (127.x.x.x, ::1, localhost) unless --allow-remote is given
  --allow-remote     allow a --host other machines can reach (a warning is printed: anyone who
                     reaches the port can log in with the demo password)
  --allowed-host <name[:port]>
                     also answer requests naming this host (a tunnel's, or this machine's DNS
                     name with --allow-remote); repeat it for several
  --username <name>  the demo account's username (default ${DEFAULT_SANDBOX_ACCOUNT.username})
  --password <text>  the demo account's password (default ${DEFAULT_SANDBOX_ACCOUNT.password})
  --base-path <path> where the API lives (default /)
  --big-ids          hand out webhook ids above 2^53
  --no-seed          start with no hooks on the line
  -h, --help         show this help

Output: the first lines are
  Sandbox listening on <base URL>
  Username: <username>  Password: <password>
  Control token: <token>

Control routes, for tests and scripts: each needs the control token, new at every start, in the
header X-Sandbox-Token (or a form/query field named token); without it they answer 403.
  POST <base>__sandbox/fault  kind=${SANDBOX_FAULT_KINDS.join('|')}
                              (and count, delayMs, message, code, desc), or kind=clear
  GET  <base>__sandbox/state  username=...   the line's hooks
  POST <base>__sandbox/fire   username, type, event, count   fires an event at the line's hooks
Every route answers only requests whose Host header names the sandbox's own address (or an
--allowed-host).`;

export { UsageError };

export interface CliConfig {
  readonly help: boolean;
  readonly options: SandboxOptions;
  readonly username: string;
  readonly password: string;
  /** What runCli prints on stderr before starting (e.g. for --allow-remote with a non-loopback --host). */
  readonly warnings: readonly string[];
}

/** Parses the command line. Throws a UsageError on an unknown or invalid flag. */
export function parseCli(args: readonly string[]): CliConfig {
  const { values } = parseFlags({
    args: [...args],
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'base-path': { type: 'string' },
      'big-ids': { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'allow-remote': { type: 'boolean' },
      'allowed-host': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const port = portFlag(values.port, 8123);
  const username = values.username ?? DEFAULT_SANDBOX_ACCOUNT.username;
  const password = values.password ?? DEFAULT_SANDBOX_ACCOUNT.password;
  if (username === '') {
    throw new UsageError('Invalid --username: it must not be empty.');
  }
  if (password === '') {
    throw new UsageError('Invalid --password: it must not be empty.');
  }
  const { host, remote } = hostFlag(values.host ?? '127.0.0.1', values['allow-remote'] ?? false, 'the sandbox');
  const allowedHosts = allowedHostFlag(values['allowed-host']);
  const warnings = remote
    ? [
        `warning: listening on ${host}, which other machines may reach. Anyone who reaches the port can log in with the demo password and add hooks; only the control routes need the token.`,
      ]
    : [];
  return {
    help: values.help ?? false,
    username,
    password,
    warnings,
    options: {
      port,
      host,
      accounts: [{ username, password }],
      seed: !(values['no-seed'] ?? false),
      bigIds: values['big-ids'] ?? false,
      basePath: values['base-path'] ?? '/',
      ...(allowedHosts.length > 0 ? { allowedHosts } : {}),
    },
  };
}

/** Runs the CLI with these arguments (without node and the script). */
export async function runCli(argv: readonly string[]): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCli(argv);
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`sandbox-cli: ${message} (see --help)\n`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  for (const warning of config.warnings) process.stderr.write(`sandbox-cli: ${warning}\n`);
  const server = new SandboxServer(config.options);
  let baseUrl: string;
  try {
    baseUrl = await server.start();
  } catch (error: unknown) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${String(config.options.port)} is already in use (try --port 0)`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`sandbox-cli: could not start the sandbox: ${reason}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `Sandbox listening on ${baseUrl}\nUsername: ${config.username}  Password: ${config.password}\nControl token: ${server.controlToken}\n`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping the sandbox.\n`);
    server.stop().then(
      () => {
        process.exit(0);
      },
      () => {
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
