/**
 * The sandbox command's logic (cli.ts is only its entry point, so tests can import this without starting it).
 * The sandbox as a command: `node dist/sandbox-cli.js [--port 8123] [--host 127.0.0.1] [--username 4257772300]
 * [--password sandbox] [--base-path /] [--big-ids] [--no-seed]`. Port 0 picks a free port; the first lines
 * printed are the base URL and the demo credentials. Stops cleanly on SIGINT and SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SANDBOX_ACCOUNT, SandboxServer, type SandboxOptions } from './server';

const USAGE = `Usage: node dist/sandbox-cli.js [options]

Runs a Zipwhip-compatible web hooks server for trying the extension out.

Options:
  --port <n>         port to listen on, 0 for a free one (default 8123)
  --host <address>   address to listen on (default 127.0.0.1)
  --username <name>  the demo account's username (default ${DEFAULT_SANDBOX_ACCOUNT.username})
  --password <text>  the demo account's password (default ${DEFAULT_SANDBOX_ACCOUNT.password})
  --base-path <path> where the API lives (default /)
  --big-ids          hand out webhook ids above 2^53
  --no-seed          start with no hooks on the line
  -h, --help         show this help

Faults: POST <base>__sandbox/fault with kind=status500|status403|apiErrorString|apiErrorObject|notJson|slow|drop
(and count, delayMs, message, code, desc), or kind=clear. State: GET <base>__sandbox/state?username=...`;

export class UsageError extends Error {}

export interface CliConfig {
  readonly help: boolean;
  readonly options: SandboxOptions;
  readonly username: string;
  readonly password: string;
}

/** Parses the command line. Throws a UsageError on an unknown or invalid flag. */
export function parseCli(args: readonly string[]): CliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        'base-path': { type: 'string' },
        'big-ids': { type: 'boolean' },
        'no-seed': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const portText = values.port ?? '8123';
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`Invalid --port "${portText}": expected a number from 0 to 65535.`);
  }
  const username = values.username ?? DEFAULT_SANDBOX_ACCOUNT.username;
  const password = values.password ?? DEFAULT_SANDBOX_ACCOUNT.password;
  if (username === '') {
    throw new UsageError('Invalid --username: it must not be empty.');
  }
  if (password === '') {
    throw new UsageError('Invalid --password: it must not be empty.');
  }
  return {
    help: values.help ?? false,
    username,
    password,
    options: {
      port: Number(portText),
      host: values.host ?? '127.0.0.1',
      accounts: [{ username, password }],
      seed: !(values['no-seed'] ?? false),
      bigIds: values['big-ids'] ?? false,
      basePath: values['base-path'] ?? '/',
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
  process.stdout.write(`Sandbox listening on ${baseUrl}\nUsername: ${config.username}  Password: ${config.password}\n`);

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

