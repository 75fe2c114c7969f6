import type * as vscode from 'vscode';
import { STORAGE } from './constants';
import { messageOf } from './errors/describeError';
import type { Log } from './log';
import type { SandboxStateStore } from './sandbox/sandboxHost';
import type { SandboxSnapshot } from './sandbox/server';

/**
 * The extension's small persisted values, each behind the interface its user needs. A failed write is
 * logged, never left as an unhandled rejection.
 */

export function sandboxStateStore(state: vscode.Memento, log: Log): SandboxStateStore {
  return {
    load: () => state.get<SandboxSnapshot>(STORAGE.sandboxState),
    save: (snapshot) => {
      Promise.resolve(state.update(STORAGE.sandboxState, snapshot)).catch((error: unknown) => {
        log.warn('sandbox', `Could not keep the sandbox's hooks: ${messageOf(error)}`);
      });
    },
  };
}

export interface ReplayTargetStore {
  get(): string | undefined;
  set(url: string): PromiseLike<void>;
}

/** A URL remembered per workspace (the last replay target, the handler forwarded to). */
export function workspaceUrlStore(
  state: vscode.Memento,
  key: typeof STORAGE.replayTarget | typeof STORAGE.forwardTarget,
): ReplayTargetStore {
  return {
    get: () => state.get<string>(key),
    set: (url) => state.update(key, url),
  };
}
