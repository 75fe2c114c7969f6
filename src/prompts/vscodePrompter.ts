import * as vscode from 'vscode';
import { neutraliseLinks } from '../errors/untrustedText';
import {
  BACK,
  PromptCancelledError,
  type Back,
  type ConfirmRequest,
  type InputRequest,
  type NotifyRequest,
  type PickManyRequest,
  type PickRequest,
  type SaveRequest,
  type Prompter,
  type MessageSeverity,
  type Validation,
} from './prompter';

const SEVERITY: Record<MessageSeverity, vscode.InputBoxValidationSeverity> = {
  error: vscode.InputBoxValidationSeverity.Error,
  warning: vscode.InputBoxValidationSeverity.Warning,
  info: vscode.InputBoxValidationSeverity.Info,
};

function toMessage(validation: Validation | undefined): vscode.InputBoxValidationMessage | undefined {
  return validation ? { message: validation.message, severity: SEVERITY[validation.severity] } : undefined;
}

/** What an input box and a quick pick share: their Back button, their hiding, and their life. */
interface QuickInput {
  readonly onDidTriggerButton: vscode.Event<vscode.QuickInputButton>;
  readonly onDidHide: vscode.Event<void>;
  show(): void;
  dispose(): void;
}

/**
 * Shows a quick input and settles once: with Back, with what `wire`'s listeners accept, or cancelled when it hides
 * (Escape, a click elsewhere). The input and every listener are disposed on settling.
 */
function settle<R>(input: QuickInput, wire: (accept: (value: R) => void) => vscode.Disposable[]): Promise<R | Back> {
  return new Promise<R | Back>((resolve, reject) => {
    let settled = false;
    const listeners: vscode.Disposable[] = [];
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
      for (const listener of listeners) listener.dispose();
      input.dispose();
    };
    listeners.push(
      ...wire((value) => {
        finish(() => {
          resolve(value);
        });
      }),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back)
          finish(() => {
            resolve(BACK);
          });
      }),
      input.onDidHide(() => {
        finish(() => {
          reject(new PromptCancelledError());
        });
      }),
    );
    input.show();
  });
}

/** The real prompts: input boxes and quick picks that keep focus, show "step n of m" and Back. */
export class VsCodePrompter implements Prompter {
  input(request: InputRequest): Promise<string | Back> {
    const box = vscode.window.createInputBox();
    box.title = request.title;
    box.step = request.step;
    box.totalSteps = request.totalSteps;
    box.value = request.value ?? '';
    box.prompt = request.prompt;
    box.placeholder = request.placeholder;
    box.password = request.password ?? false;
    box.ignoreFocusOut = true;
    box.buttons = request.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    if (request.value) box.valueSelection = [0, request.value.length];
    const validate = request.validate;
    const check = (value: string): Validation | undefined => {
      const result = validate?.(value);
      box.validationMessage = toMessage(result);
      return result;
    };
    check(box.value);
    return settle<string>(box, (accept) => [
      box.onDidChangeValue((value) => {
        check(value);
      }),
      box.onDidAccept(() => {
        const result = check(box.value);
        if (result?.severity === 'error') return;
        accept(request.password ? box.value : box.value.trim());
      }),
    ]);
  }

  pick<T>(request: PickRequest<T>): Promise<T | Back> {
    type Item = vscode.QuickPickItem & { value: T };
    const picker = vscode.window.createQuickPick<Item>();
    picker.title = request.title;
    picker.step = request.step;
    picker.totalSteps = request.totalSteps;
    picker.placeholder = request.placeholder;
    picker.ignoreFocusOut = true;
    picker.matchOnDescription = true;
    picker.buttons = request.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const items: Item[] = request.items.map((item) => ({
      label: item.label,
      description: item.description,
      detail: item.detail,
      value: item.value,
    }));
    picker.items = items;
    const active = items.find((item) => item.value === request.active);
    if (active) picker.activeItems = [active];
    return settle<T>(picker, (accept) => [
      picker.onDidAccept(() => {
        const chosen = picker.selectedItems[0] ?? picker.activeItems[0];
        if (chosen) accept(chosen.value);
      }),
    ]);
  }

  pickMany<T>(request: PickManyRequest<T>): Promise<T[] | Back> {
    type Item = vscode.QuickPickItem & { value: T };
    const picker = vscode.window.createQuickPick<Item>();
    picker.title = request.title;
    picker.step = request.step;
    picker.totalSteps = request.totalSteps;
    picker.placeholder = request.placeholder;
    picker.ignoreFocusOut = true;
    picker.canSelectMany = true;
    picker.buttons = request.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const items: Item[] = request.items.map((item) => ({
      label: item.label,
      description: item.description,
      detail: item.detail,
      value: item.value,
    }));
    picker.items = items;
    picker.selectedItems = items.filter((item) => request.picked?.includes(item.value));
    return settle<T[]>(picker, (accept) => [
      picker.onDidAccept(() => {
        accept(picker.selectedItems.map((item) => item.value));
      }),
    ]);
  }

  async confirm(request: ConfirmRequest): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(request.message, { modal: true, detail: request.detail }, request.confirmLabel);
    return choice === request.confirmLabel;
  }

  /** The extension never puts a link in a toast, so whatever link syntax a message holds is broken up. */
  async notify(request: NotifyRequest): Promise<string | undefined> {
    const actions = [...(request.actions ?? [])];
    const message = neutraliseLinks(request.message);
    switch (request.severity) {
      case 'error':
        return vscode.window.showErrorMessage(message, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(message, ...actions);
      case 'info':
        return vscode.window.showInformationMessage(message, ...actions);
    }
  }

  async saveAs(request: SaveRequest): Promise<string | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const filters: Record<string, string[]> = {};
    for (const [name, extensions] of Object.entries(request.filters ?? {})) filters[name] = [...extensions];
    const uri = await vscode.window.showSaveDialog({
      title: request.title,
      saveLabel: 'Export',
      filters,
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, request.defaultFileName) } : {}),
    });
    return uri?.toString();
  }
}
