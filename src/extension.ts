import * as vscode from 'vscode';
import { LineSessions } from './auth/lineSessions';
import { SessionStore } from './auth/sessionStore';
import { ErrorPolicy } from './commands/support/errorPolicy';
import { registerCommands } from './commands/registry';
import type { CommandContext } from './commands/support/commandContext';
import { historyLimits, receiverAllowedHosts } from './config';
import { CAPTURE_HISTORY_FOLDER, COMMANDS, PAYLOAD_FOLDER, STORAGE, VIEW_ID } from './constants';
import { watchContextKeys } from './contextKeys';
import { PayloadCodeLens } from './editing/payloadCodeLens';
import { ScenarioCodeLens } from './editing/scenarioCodeLens';
import { ScenarioDiagnostics } from './editing/scenarioDiagnostics';
import { PayloadDocuments } from './editing/payloadDocuments';
import { Log } from './log';
import type { Prompter } from './prompts/prompter';
import { VsCodePrompter } from './prompts/vscodePrompter';
import { captureHistory } from './receiver/captureHistory';
import { HookRedirects } from './receiver/hookRedirects';
import { ReceiverHost } from './receiver/receiverHost';
import { SandboxHost } from './sandbox/sandboxHost';
import { promptChaos } from './prompts/chaosForm';
import { watchSettings } from './settingsWatcher';
import { sandboxStateStore, workspaceUrlStore } from './storage';
import { ZipwhipTests } from './testing/zipwhipTests';
import { CapturesTreeProvider } from './views/capturesTreeProvider';
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
  readonly captures: CapturesTreeProvider;
  readonly tests: ZipwhipTests;
}

/**
 * The sandbox and the receiver stop asynchronously, and VS Code awaits deactivate(), not the disposables of
 * context.subscriptions: so their stop is kept here for deactivate() to await.
 */
let stopOnDeactivate: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = new Log();
  const realPrompter = new VsCodePrompter();
  let prompter: Prompter = realPrompter;

  const sandbox = new SandboxHost(sandboxStateStore(context.globalState, log));
  const store = new SessionStore(context.secrets);
  const sessions = new LineSessions(store, sandbox, log);
  const redirects = new HookRedirects(context.globalState);
  const tree = new WebhookTreeProvider(sessions, log, redirects);
  const receiver = new ReceiverHost({
    limits: historyLimits(),
    allowedHosts: receiverAllowedHosts(),
    history: captureHistory(vscode.Uri.joinPath(context.globalStorageUri, CAPTURE_HISTORY_FOLDER).fsPath, {
      // Where the whole-file history of earlier builds was kept; migrated once.
      legacyFiles: [
        vscode.Uri.joinPath(context.globalStorageUri, CAPTURE_HISTORY_FOLDER, 'deliveries.json').fsPath,
        vscode.Uri.joinPath(context.globalStorageUri, 'deliveries.json').fsPath,
      ],
    }),
    onHistoryProblem: (problem) => {
      log.warn('receiver', problem.detail);
      void prompter.notify({ severity: 'warning', message: problem.message, actions: ['Show Log'] }).then((choice) => {
        if (choice === 'Show Log') log.show();
      });
    },
  });
  const captures = new CapturesTreeProvider(receiver);
  const documents = new ReadOnlyDocuments();
  const payloads = new PayloadDocuments(vscode.Uri.joinPath(context.globalStorageUri, PAYLOAD_FOLDER));
  const diagnostics = new ScenarioDiagnostics();
  const tests = new ZipwhipTests({
    log,
    prompter: () => prompter,
    diagnostics,
    askChaos: () => promptChaos(prompter, 'Run with Delivery Quirks').catch(() => undefined),
  });
  stopOnDeactivate = async () => {
    await Promise.all([sandbox.stop(), receiver.dispose()]);
  };

  const commandContext: CommandContext = {
    sessions,
    sandbox,
    tree,
    log,
    receiver,
    captures,
    redirects,
    documents,
    payloads,
    tests,
    diagnostics,
    prompter: () => prompter,
    replayTarget: workspaceUrlStore(context.workspaceState, STORAGE.replayTarget),
    forwardTarget: workspaceUrlStore(context.workspaceState, STORAGE.forwardTarget),
  };
  const policy = new ErrorPolicy(() => prompter, log, {
    signIn: async () => {
      await vscode.commands.executeCommand(COMMANDS.signIn);
    },
    startSandbox: async () => {
      await vscode.commands.executeCommand(COMMANDS.startSandbox);
    },
    showLog: () => {
      log.show();
    },
  });

  context.subscriptions.push(
    log,
    store,
    sessions,
    tree,
    captures,
    documents,
    diagnostics,
    tests,
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    new ReceiverStatusBar(receiver),
    vscode.languages.registerCodeLensProvider(PayloadCodeLens.selector, new PayloadCodeLens()),
    vscode.languages.registerCodeLensProvider(ScenarioCodeLens.selector, new ScenarioCodeLens()),
    watchContextKeys({ sandbox, receiver, tree, captures }),
    watchSettings(log, () => prompter, {
      setHistoryLimits: (limits) => receiver.setLimits(limits),
      setAllowedHosts: (hosts) => {
        receiver.setAllowedHosts(hosts);
      },
      maskChanged: () => {
        captures.refresh();
      },
    }),
    ...registerCommands(commandContext, policy),
  );
  void tree.syncLines();
  void sessions.resumeSandbox();
  void receiver.restore();

  if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  return {
    setPrompter: (next) => {
      prompter = next ?? realPrompter;
    },
    sandbox,
    tree,
    sessions,
    receiver,
    captures,
    tests,
  };
}

export async function deactivate(): Promise<void> {
  await stopOnDeactivate?.();
  stopOnDeactivate = undefined;
}
