import * as vscode from 'vscode';
import { LineSessions } from './auth/lineSessions';
import { resumeSandbox } from './auth/sandboxSession';
import { SessionStore } from './auth/sessionStore';
import type { CommandContext } from './commands/commandContext';
import { ErrorPolicy } from './commands/errorPolicy';
import { registerCommands } from './commands/registry';
import { deliveryHistoryLimit } from './config';
import { COMMANDS, CONTEXT, DELIVERIES_VIEW_ID, VIEW_ID } from './constants';
import { Log } from './log';
import type { Prompter } from './prompts/prompter';
import { VsCodePrompter } from './prompts/vscodePrompter';
import { historyFile } from './receiver/historyFile';
import { HookRedirects } from './receiver/hookRedirects';
import { ReceiverHost } from './receiver/receiverHost';
import { SandboxHost } from './sandbox/sandboxHost';
import type { SandboxSnapshot } from './sandbox/server';
import { watchSettings } from './settingsWatcher';
import { DeliveriesTreeProvider } from './views/deliveriesTreeProvider';
import { ReadOnlyDocuments } from './views/readOnlyDocuments';
import { ReceiverStatusBar } from './views/receiverStatusBar';
import { WebhookTreeProvider } from './views/webhookTreeProvider';

/** What activate() returns in test mode only: the seam integration tests drive the extension through. */
export interface TestApi {
  setPrompter(prompter: Prompter | undefined): void;
  readonly sandbox: SandboxHost;
  readonly tree: WebhookTreeProvider;
  readonly sessions: LineSessions;
  readonly receiver: ReceiverHost;
  readonly deliveries: DeliveriesTreeProvider;
}

const SANDBOX_STATE_KEY = 'zipwhip.sandboxState';
const REPLAY_TARGET_KEY = 'zipwhip.replayTarget';

let stopOnDeactivate: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new Log();
  const realPrompter = new VsCodePrompter();
  let prompter: Prompter = realPrompter;

  const sandbox = new SandboxHost({
    load: () => context.globalState.get<SandboxSnapshot>(SANDBOX_STATE_KEY),
    save: (snapshot) => { void context.globalState.update(SANDBOX_STATE_KEY, snapshot); },
  });
  const store = new SessionStore(context.secrets);
  const sessions = new LineSessions(store, sandbox, log);
  const redirects = new HookRedirects(context.globalState);
  const tree = new WebhookTreeProvider(sessions, log, redirects);
  const receiver = new ReceiverHost(
    deliveryHistoryLimit(),
    historyFile(vscode.Uri.joinPath(context.globalStorageUri, 'deliveries.json').fsPath),
    (error) => { log.warn('receiver', `Could not save the delivery history: ${error instanceof Error ? error.message : String(error)}`); },
  );
  const deliveries = new DeliveriesTreeProvider(receiver);
  const documents = new ReadOnlyDocuments();
  stopOnDeactivate = async () => {
    await Promise.all([sandbox.stop(), receiver.dispose()]);
  };

  const commandContext: CommandContext = {
    sessions, sandbox, tree, log, receiver, redirects, documents,
    prompter: () => prompter,
    replayTarget: {
      get: () => context.workspaceState.get<string>(REPLAY_TARGET_KEY),
      set: (url) => context.workspaceState.update(REPLAY_TARGET_KEY, url),
    },
  };
  const policy = new ErrorPolicy(() => prompter, log, {
    signIn: async () => { await vscode.commands.executeCommand(COMMANDS.signIn); },
    showLog: () => { log.show(); },
  });

  context.subscriptions.push(
    log, store, sessions, tree, deliveries, documents,
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.window.createTreeView(DELIVERIES_VIEW_ID, { treeDataProvider: deliveries }),
    new ReceiverStatusBar(receiver),
    sandbox.onDidChange(() => { void vscode.commands.executeCommand('setContext', CONTEXT.sandboxRunning, sandbox.running); }),
    watchSettings(log, () => prompter, (limit) => receiver.setLimit(limit)),
    ...registerCommands(commandContext, policy),
  );
  void tree.readLines();
  void resumeSandbox(sessions, (message) => { log.info('sandbox', message); });
  void receiver.restore().catch((error: unknown) => {
    log.warn('receiver', `Could not read the delivery history: ${error instanceof Error ? error.message : String(error)}`);
  });

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setPrompter: (next) => { prompter = next ?? realPrompter; },
    sandbox, tree, sessions, receiver, deliveries,
  };
}

export async function deactivate(): Promise<void> {
  await stopOnDeactivate?.();
  stopOnDeactivate = undefined;
}
