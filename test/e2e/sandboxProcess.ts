// A stand-alone sandbox server for the UI scenarios: `node dist/sandbox-cli.js --port 0 --host 127.0.0.1
// --username U --password P`, started as a user starts it, its URL read from the first line it prints. The
// scenarios point `zipwhip.apiBaseUrl` at it and check what the server holds through its control route.
//
//   const sandbox = await SandboxProcess.start({ username: '2065550123', password: 'secret-pass' });
//   const hooks = await sandbox.state('2065550123');   // GET <url>__sandbox/state?username=...
//   await sandbox.dispose();
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { repoRoot } from './workbench';

export const sandboxCli = path.join(repoRoot, 'dist', 'sandbox-cli.js');

/** A hook as the sandbox's control route reports it. */
export interface SandboxHook {
  readonly webhookId: string;
  readonly type: string;
  readonly event: string;
  readonly url: string;
  readonly method: string;
}

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

/** Reads the hooks of a sandbox's line through its control route (`GET <baseUrl>__sandbox/state?username=`). */
export async function sandboxState(baseUrl: string, username: string): Promise<SandboxHook[]> {
  const url = new URL(`__sandbox/state?username=${encodeURIComponent(username)}`, baseUrl);
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url.href} answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as unknown;
  if (typeof body !== 'object' || body === null) throw new Error(`GET ${url.href}: not an object: ${text}`);
  const { success, response } = body as { success?: unknown; response?: unknown };
  if (success !== true || !Array.isArray(response)) throw new Error(`GET ${url.href}: unexpected answer: ${text}`);
  return response.map((raw: unknown): SandboxHook => {
    const hook = raw as Record<string, unknown>;
    const field = (name: string): string => {
      const value = hook[name];
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      throw new Error(`GET ${url.href}: a hook without ${name}: ${text}`);
    };
    return { webhookId: field('webhookId'), type: field('type'), event: field('event'), url: field('url'), method: field('method') };
  });
}

export class SandboxProcess {
  private stopped = false;

  private constructor(
    /** The base URL, e.g. http://127.0.0.1:41234/ (what `zipwhip.apiBaseUrl` takes). */
    readonly url: string,
    readonly username: string,
    readonly password: string,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly output: string[],
  ) {}

  /** Starts the CLI on a free loopback port and waits for the line "Sandbox listening on <url>". */
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
      const url = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => {
          reject(new Error(`the sandbox CLI printed no URL within ${timeout} ms: ${output.join('')}`));
        }, timeout);
        child.stdout.on('data', (chunk: string) => {
          output.push(chunk);
          buffered += chunk;
          const match = /^Sandbox listening on (\S+)$/m.exec(buffered);
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`the sandbox CLI exited (${String(code ?? signal)}) before printing its URL: ${output.join('')}`));
        });
      });
      return new SandboxProcess(url, options.username, options.password, child, output);
    } catch (error) {
      child.kill('SIGKILL');
      live.delete(child);
      throw error;
    }
  }

  /** The hooks the server holds for a line, straight from its control route. */
  state(username = this.username): Promise<SandboxHook[]> {
    return sandboxState(this.url, username);
  }

  /** What the CLI printed so far (stdout and stderr). */
  get log(): string {
    return this.output.join('');
  }

  /** SIGTERM (the CLI stops cleanly), SIGKILL after 3 s. */
  async dispose(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  }
}
