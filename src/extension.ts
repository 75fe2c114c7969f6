import * as vscode from 'vscode';
import { LineSessions } from './auth/lineSessions';
import { SessionStore } from './auth/sessionStore';
import type { CommandContext } from './commands/commandContext';
import { describeError, ErrorPolicy } from './commands/errorPolicy';
import { hasSandboxLine, signInToSandbox } from './auth/sandboxSession';
import { registerCommands } from './commands/registry';
import { COMMANDS, CONTEXT, VIEW_ID } from './constants';
import { Log } from './log';
import { watchSettings } from './settingsWatcher';
import type { Prompter } from './prompts/prompter';
import { VsCodePrompter } from './prompts/vscodePrompter';
import { SandboxHost } from './sandbox/sandboxHost';
import type { SandboxSnapshot } from './sandbox/server';
import { WebhookTreeProvider } from './views/webhookTreeProvider';

/** What activate() returns in test mode only: the seam integration tests drive the extension through. */
export interface TestApi {
  setPrompter(prompter: Prompter | undefined): void;
  readonly sandbox: SandboxHost;
  readonly tree: WebhookTreeProvider;
  readonly sessions: LineSessions;
}

const SANDBOX_STATE_KEY = 'zipwhip.sandboxState';

/** A sandbox line signed in before a reload comes back: the sandbox restarts with its saved hooks. */
async function resumeSandbox(sessions: LineSessions, log: Log): Promise<void> {
  try {
    if (!(await hasSandboxLine(sessions))) return;
    const line = await signInToSandbox(sessions);
    log.info('sandbox', `Sandbox resumed at ${sessions.sandbox.baseUrl ?? '?'} for ${line.label}`);
  } catch (error) {
    log.error('sandbox', `Could not resume the sandbox: ${describeError(error).text}`);
  }
}

let sandboxToStop: SandboxHost | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new Log();
  const sandbox = new SandboxHost({
    load: () => context.globalState.get<SandboxSnapshot>(SANDBOX_STATE_KEY),
    save: (snapshot) => { void context.globalState.update(SANDBOX_STATE_KEY, snapshot); },
  });
  sandboxToStop = sandbox;
  const store = new SessionStore(context.secrets);
  const sessions = new LineSessions(store, sandbox, log);
  const tree = new WebhookTreeProvider(sessions, log);
  const realPrompter = new VsCodePrompter();
  let prompter: Prompter = realPrompter;

  const commandContext: CommandContext = { sessions, sandbox, tree, log, prompter: () => prompter };
  const policy = new ErrorPolicy(() => prompter, log, {
    signIn: async () => { await vscode.commands.executeCommand(COMMANDS.signIn); },
    showLog: () => { log.show(); },
  });

  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const sandboxContext = sandbox.onDidChange(() => {
    void vscode.commands.executeCommand('setContext', CONTEXT.sandboxRunning, sandbox.running);
  });
  context.subscriptions.push(
    log, store, sessions, tree, view, sandboxContext,
    watchSettings(log, () => prompter),
    ...registerCommands(commandContext, policy),
  );
  void tree.readLines();
  void resumeSandbox(sessions, log);

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setPrompter: (next) => { prompter = next ?? realPrompter; },
    sandbox,
    tree,
    sessions,
  };
}

export async function deactivate(): Promise<void> {
  await sandboxToStop?.stop();
  sandboxToStop = undefined;
}
