import { SandboxHost } from '../sandbox/sandboxHost';
import { SANDBOX_SERVER, type LineRecord } from './lineRecord';
import type { LineSessions } from './lineSessions';

/**
 * Starts the in-process sandbox if needed and makes sure its demo line has a working key: the stored
 * one if the sandbox still knows it, else a fresh login (same device id, so the same line in the tree).
 */
export async function signInToSandbox(sessions: LineSessions, signal?: AbortSignal): Promise<LineRecord> {
  const baseUrl = await sessions.sandbox.start();
  const existing = (await sessions.store.lines()).find((l) => l.server === SANDBOX_SERVER);
  if (existing && (await sessions.store.key(existing)) !== undefined) {
    const valid = await sessions.withSession(existing, (client, key) => client.listWebhooks(key, signal)).then(() => true, () => false);
    if (valid) return existing;
  }
  const key = await sessions.client(baseUrl).login(SandboxHost.USERNAME, SandboxHost.PASSWORD, signal);
  return sessions.store.save(SANDBOX_SERVER, key, SandboxHost.USERNAME);
}

export async function hasSandboxLine(sessions: LineSessions): Promise<boolean> {
  return (await sessions.store.lines()).some((l) => l.server === SANDBOX_SERVER);
}

/** A sandbox line signed in before a reload comes back: the sandbox restarts with its saved hooks. */
export async function resumeSandbox(sessions: LineSessions, log: (message: string) => void): Promise<void> {
  try {
    if (!(await hasSandboxLine(sessions))) return;
    const line = await signInToSandbox(sessions);
    log(`Sandbox resumed at ${sessions.sandbox.baseUrl ?? '?'} for ${line.label}`);
  } catch (error) {
    log(`Could not resume the sandbox: ${error instanceof Error ? error.message : String(error)}`);
  }
}
