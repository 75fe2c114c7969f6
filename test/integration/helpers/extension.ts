import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/constants';
import type { TestApi } from '../../../src/extension';
import type { LineRecord } from '../../../src/auth/lineRecord';
import type { TreeNode } from '../../../src/views/treeModel';

/** Activates the built extension and returns its test-only API. */
export async function activateExtension(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this editor`);
  const api = await extension.activate();
  if (!api) throw new Error('The extension did not return its test API (is extensionMode Test?)');
  return api;
}

export async function setSetting(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('zipwhip').update(key, value, target);
}

/** Waits until `check` returns a value other than undefined (or throws after `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The tree as plain text: one string per row, indented by depth, `label — description`. */
export async function treeText(api: TestApi, node?: TreeNode, depth = 0): Promise<string[]> {
  const rows: string[] = [];
  for (const child of api.tree.getChildren(node)) {
    const item = api.tree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    rows.push(`${'  '.repeat(depth)}${label}${item.description ? ` — ${String(item.description)}` : ''}`);
    rows.push(...(await treeText(api, child, depth + 1)));
  }
  return rows;
}

export function lineNode(api: TestApi, label: string): TreeNode & { kind: 'line' } {
  const roots = api.tree.getChildren();
  const found = roots.find((n): n is TreeNode & { kind: 'line' } => n.kind === 'line' && n.line.label === label);
  if (!found) throw new Error(`No line "${label}" in the tree`);
  return found;
}

export function hookNode(api: TestApi, line: LineRecord, url: string): TreeNode & { kind: 'hook' } {
  const lineRoot: TreeNode = { kind: 'line', line };
  for (const event of api.tree.getChildren(lineRoot)) {
    for (const hook of api.tree.getChildren(event)) {
      if (hook.kind === 'hook' && hook.hook.url === url) return hook;
    }
  }
  throw new Error(`No hook ${url} under ${line.label}`);
}

export async function signOutEverything(api: TestApi): Promise<void> {
  for (const line of await api.sessions.storedLines()) await api.sessions.remove(line);
  await api.tree.syncLines();
}
