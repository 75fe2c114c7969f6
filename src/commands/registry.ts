import * as vscode from 'vscode';
import { commandLabel, COMMANDS, type CommandId } from '../constants';
import { addWebhook } from './addWebhook';
import type { CommandContext, CommandDefinition } from './support/commandContext';
import { copyWebhookUrl } from './copyWebhookUrl';
import { deleteWebhook } from './deleteWebhook';
import { editWebhook } from './editWebhook';
import type { ErrorPolicy } from './support/errorPolicy';
import { refresh } from './refresh';
import { simulateEvent } from './simulateEvent';
import { sendTestDelivery } from './sendTestDelivery';
import { checkEndpoint } from './checkEndpoint';
import { startReceiver } from './startReceiver';
import { stopReceiver } from './stopReceiver';
import { showCaptures } from './showCaptures';
import { openCapture } from './openCapture';
import { replayCapture } from './replayCapture';
import { copyCaptureAsCurl } from './copyCaptureAsCurl';
import { clearCaptures } from './clearCaptures';
import { exportCaptures } from './exportCaptures';
import { pointHookAtReceiver } from './pointHookAtReceiver';
import { restoreHookUrl } from './restoreHookUrl';
import { showLog } from './showLog';
import { signIn } from './signIn';
import { signInWithSessionKey } from './signInWithSessionKey';
import { signOut } from './signOut';
import { startSandbox } from './startSandbox';
import { stopSandbox } from './stopSandbox';
import { editAndReplay } from './editAndReplay';
import { sendPayload } from './sendPayload';
import { comparePayloadWithOriginal } from './comparePayloadWithOriginal';
import { filterCaptures } from './filterCaptures';
import { clearCaptureFilter } from './clearCaptureFilter';
import { showFailedOnly } from './showFailedOnly';
import { showAllCaptures } from './showAllCaptures';
import { newScenario } from './newScenario';
import { saveAsScenario } from './saveAsScenario';
import { saveAsTest } from './saveAsTest';
import { copyReceiverUrl } from './copyReceiverUrl';
import { pauseForwarding } from './pauseForwarding';
import { resumeForwarding } from './resumeForwarding';
import { runScenario } from './runScenario';
import { runScenarioWithQuirks } from './runScenarioWithQuirks';

/**
 * Every command, keyed by id: the type makes a missing command a compile error, and the manifest
 * test checks the ids against package.json.
 */
const BY_ID: Record<CommandId, CommandDefinition> = {
  [COMMANDS.signIn]: signIn,
  [COMMANDS.signInWithSessionKey]: signInWithSessionKey,
  [COMMANDS.signOut]: signOut,
  [COMMANDS.startSandbox]: startSandbox,
  [COMMANDS.stopSandbox]: stopSandbox,
  [COMMANDS.addWebhook]: addWebhook,
  [COMMANDS.editWebhook]: editWebhook,
  [COMMANDS.deleteWebhook]: deleteWebhook,
  [COMMANDS.refresh]: refresh,
  [COMMANDS.copyWebhookUrl]: copyWebhookUrl,
  [COMMANDS.showLog]: showLog,
  [COMMANDS.simulateEvent]: simulateEvent,
  [COMMANDS.sendTestDelivery]: sendTestDelivery,
  [COMMANDS.checkEndpoint]: checkEndpoint,
  [COMMANDS.startReceiver]: startReceiver,
  [COMMANDS.stopReceiver]: stopReceiver,
  [COMMANDS.showCaptures]: showCaptures,
  [COMMANDS.openCapture]: openCapture,
  [COMMANDS.replayCapture]: replayCapture,
  [COMMANDS.copyCaptureAsCurl]: copyCaptureAsCurl,
  [COMMANDS.clearCaptures]: clearCaptures,
  [COMMANDS.exportCaptures]: exportCaptures,
  [COMMANDS.pointHookAtReceiver]: pointHookAtReceiver,
  [COMMANDS.restoreHookUrl]: restoreHookUrl,
  [COMMANDS.editAndReplay]: editAndReplay,
  [COMMANDS.sendPayload]: sendPayload,
  [COMMANDS.comparePayloadWithOriginal]: comparePayloadWithOriginal,
  [COMMANDS.filterCaptures]: filterCaptures,
  [COMMANDS.clearCaptureFilter]: clearCaptureFilter,
  [COMMANDS.showFailedOnly]: showFailedOnly,
  [COMMANDS.showAllCaptures]: showAllCaptures,
  [COMMANDS.newScenario]: newScenario,
  [COMMANDS.saveAsScenario]: saveAsScenario,
  [COMMANDS.saveAsTest]: saveAsTest,
  [COMMANDS.copyReceiverUrl]: copyReceiverUrl,
  [COMMANDS.pauseForwarding]: pauseForwarding,
  [COMMANDS.resumeForwarding]: resumeForwarding,
  [COMMANDS.runScenario]: runScenario,
  [COMMANDS.runScenarioWithQuirks]: runScenarioWithQuirks,
};

const ALL_COMMANDS: readonly CommandDefinition[] = Object.entries(BY_ID).map(([id, command]) => {
  if (command.id !== id) throw new Error(`Command ${command.id} is registered under ${id}`);
  return command;
});

/** Registers every command behind the one error policy. A command's promise never rejects. */
export function registerCommands(context: CommandContext, policy: ErrorPolicy): vscode.Disposable[] {
  return ALL_COMMANDS.map((command) => {
    const run = async (...args: unknown[]): Promise<void> => {
      try {
        await command.run(context, ...args);
      } catch (error) {
        policy.report(error, commandLabel(command.id), () => run(...args));
      }
    };
    return vscode.commands.registerCommand(command.id, run);
  });
}
