// A stand-alone sandbox server for the UI scenarios: `node dist/sandbox-cli.js --port 0 --host 127.0.0.1
// --username U --password P`, started as a user starts it, its URL and control token read from the lines it
// prints. The scenarios point `zipwhip.apiBaseUrl` at it and check what the server holds through its control
// route (with the token). The extension's own sandbox is read through the plain Zipwhip API instead
// (sandboxHooks), which needs no token.
//
//   const sandbox = await SandboxProcess.start({ username: '2065550123', password: 'secret-pass' });
//   const hooks = await sandbox.state('2065550123');   // GET <url>__sandbox/state?username=... + X-Sandbox-Token
//   await sandbox.dispose();
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Webhook } from '../../src/model/webhook';
import { repoRoot } from './workbench';

export const sandboxCli = path.join(repoRoot, 'dist', 'sandbox-cli.js');

/** A hook as the sandbox reports it. */
export type SandboxHook = Webhook;

/** The extension's built-in sandbox account (DEFAULT_SANDBOX_ACCOUNT). */
export const DEMO_ACCOUNT = { username: '4257772300', password: 'sandbox' } as const;

export interface SandboxProcessOptions {
  readonly username: string;
  readonly password: string;
  /** Start with no hooks on the line (--no-seed). */
  readonly noSeed?: boolean;
  /** How long to wait for the URL line (ms). */
  readonly timeout?: number;
}

const live = new Set<ChildProcessWithoutNullStreams>();
let exitHooked = false;

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** POSTs a form to base + path and returns the envelope's response; throws unless it is a success. */
async function call(
  baseUrl: string,
  route: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  method: 'GET' | 'POST' = 'POST',
): Promise<unknown> {
  const url = new URL(route, baseUrl);
  const form = new URLSearchParams(fields);
  if (method === 'GET') for (const [name, value] of form) url.searchParams.set(name, value);
  const res = await fetch(url, {
    method,
    headers: { ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
    ...(method === 'POST' ? { body: form.toString() } : {}),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  // The path only: a query may carry a session key.
  const where = `${method} ${url.pathname}`;
  if (!res.ok) throw new Error(`${where} answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as unknown;
  if (typeof body !== 'object' || body === null) throw new Error(`${where}: not an object: ${text}`);
  const { success, response } = body as { success?: unknown; response?: unknown };
  if (success !== true) throw new Error(`${where}: unexpected answer: ${text}`);
  return response;
}

function toHooks(response: unknown, where: string): SandboxHook[] {
  if (!Array.isArray(response)) throw new Error(`${where}: not a list of hooks: ${JSON.stringify(response)}`);
  return response.map((raw: unknown): SandboxHook => {
    const hook = raw as Record<string, unknown>;
    const field = (name: string): string => {
      const value = hook[name];
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      throw new Error(`${where}: a hook without ${name}: ${JSON.stringify(raw)}`);
    };
    return { webhookId: field('webhookId'), type: field('type'), event: field('event'), url: field('url'), method: field('method') };
  });
}

/** Reads the hooks of a sandbox's line through its control route (`GET <baseUrl>__sandbox/state?username=`). */
export async function sandboxState(baseUrl: string, username: string, controlToken: string): Promise<SandboxHook[]> {
  const response = await call(baseUrl, '__sandbox/state', { username }, { 'x-sandbox-token': controlToken }, 'GET');
  return toHooks(response, '__sandbox/state');
}

/** Reads the hooks of a line as any Zipwhip client does: user/login, webhook/list, user/logout. No token needed. */
export async function sandboxHooks(
  baseUrl: string,
  account: { readonly username: string; readonly password: string } = DEMO_ACCOUNT,
): Promise<SandboxHook[]> {
  const session = await call(baseUrl, 'user/login', { username: account.username, password: account.password });
  if (typeof session !== 'string') throw new Error('user/login answered no session key');
  try {
    return toHooks(await call(baseUrl, 'webhook/list', { session }), 'webhook/list');
  } finally {
    await call(baseUrl, 'user/logout', { session });
  }
}

export class SandboxProcess {
  private stopped = false;

  private constructor(
    /** The base URL, e.g. http://127.0.0.1:41234/ (what `zipwhip.apiBaseUrl` takes). */
    readonly url: string,
    /** The token of its control routes, from the line "Control token: <token>". */
    readonly controlToken: string,
    readonly username: string,
    readonly password: string,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly output: string[],
  ) {}

  /** Starts the CLI on a free loopback port and waits for the lines "Sandbox listening on <url>" and "Control token: <token>". */
  static async start(options: SandboxProcessOptions): Promise<SandboxProcess> {
    if (!fs.existsSync(sandboxCli)) throw new Error(`${sandboxCli} does not exist; build it with: node esbuild.js --tests`);
    const args = [sandboxCli, '--port', '0', '--host', '127.0.0.1', '--username', options.username, '--password', options.password];
    if (options.noSeed) args.push('--no-seed');
    const child = spawn(process.execPath, args, { stdio: 'pipe' });
    hookExit();
    live.add(child);
    const output: string[] = [];
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => output.push(chunk));
    const timeout = options.timeout ?? 10_000;
    try {
      const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => {
          reject(new Error(`the sandbox CLI printed no URL and token within ${timeout} ms: ${output.join('')}`));
        }, timeout);
        child.stdout.on('data', (chunk: string) => {
          output.push(chunk);
          buffered += chunk;
          const listening = /^Sandbox listening on (\S+)$/m.exec(buffered)?.[1];
          const printed = /^Control token: (\S+)$/m.exec(buffered)?.[1];
          if (listening && printed) {
            clearTimeout(timer);
            resolve({ url: listening, token: printed });
          }
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`the sandbox CLI exited (${String(code ?? signal)}) before printing its URL: ${output.join('')}`));
        });
      });
      return new SandboxProcess(url, token, options.username, options.password, child, output);
    } catch (error) {
      child.kill('SIGKILL');
      live.delete(child);
      throw error;
    }
  }

  /** The hooks the server holds for a line, straight from its control route. */
  state(username = this.username): Promise<SandboxHook[]> {
    return sandboxState(this.url, username, this.controlToken);
  }

  /** What the CLI printed so far (stdout and stderr), the control token masked. */
  get log(): string {
    return this.output.join('').split(this.controlToken).join('<control token>');
  }

  /** SIGTERM (the CLI stops cleanly), SIGKILL after 3 s. */
  async dispose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) =>
        child.once('exit', () => {
          resolve();
        }),
      );
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  }
}
