import type { Webhook } from '../api/types';
import type { LineRecord } from '../auth/lineRecord';
import { BACK, PromptCancelledError } from '../prompts/prompter';
import type { TreeNode } from '../views/treeModel';
import type { CommandContext } from './commandContext';
import { UserMessage } from './userMessage';

/** Narrows a command argument to a tree node (commands get the node when run from the tree). */
export function asNode(arg: unknown): TreeNode | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const kind = (arg as { kind?: unknown }).kind;
  return kind === 'line' || kind === 'event' || kind === 'hook' || kind === 'message' ? (arg as TreeNode) : undefined;
}

/** The line a command acts on: the selected one, the only one, or the one the user picks. */
export async function resolveLine(context: CommandContext, arg: unknown, placeholder: string): Promise<LineRecord> {
  const node = asNode(arg);
  if (node) return node.line;
  const lines = await context.tree.ready();
  if (lines.length === 0) throw new UserMessage('No line is signed in. Sign in, or start the sandbox, first.');
  const only = lines[0];
  if (lines.length === 1 && only) return only;
  const chosen = await context.prompter().pick({
    title: placeholder,
    placeholder,
    items: lines.map((line) => ({ label: line.label, description: context.sessions.isSandbox(line) ? 'Sandbox' : line.server, value: line })),
  });
  if (chosen === BACK) throw new PromptCancelledError();
  return chosen;
}

/** The hook a command acts on: the selected one, or one picked from every line's hooks. */
export async function resolveHook(context: CommandContext, arg: unknown, title: string): Promise<{ line: LineRecord; hook: Webhook }> {
  const node = asNode(arg);
  if (node?.kind === 'hook') return { line: node.line, hook: node.hook };
  const lines = await context.tree.ready();
  const candidates: { line: LineRecord; hook: Webhook }[] = [];
  for (const line of lines) {
    if (node && node.line.id !== line.id) continue;
    if (context.tree.hooksOf(line) === undefined) await context.tree.refresh(line);
    for (const hook of context.tree.hooksOf(line) ?? []) {
      if (node?.kind === 'event' && (hook.type !== node.spec.type || hook.event !== node.spec.event)) continue;
      candidates.push({ line, hook });
    }
  }
  if (candidates.length === 0) {
    throw new UserMessage(lines.length === 0 ? 'No line is signed in. Sign in, or start the sandbox, first.' : 'There is no webhook to choose from.');
  }
  const chosen = await context.prompter().pick({
    title,
    placeholder: 'Which webhook?',
    items: candidates.map((c) => ({
      label: c.hook.url,
      description: `${c.hook.method} · ${c.hook.type} ${c.hook.event}`,
      detail: lines.length > 1 ? c.line.label : undefined,
      value: c,
    })),
  });
  if (chosen === BACK) throw new PromptCancelledError();
  return chosen;
}

/** A hook whose URL the extension will itself send a request to: it must parse as a URL. */
export async function resolveHookToCall(context: CommandContext, arg: unknown, title: string): Promise<{ line: LineRecord; hook: Webhook; url: URL }> {
  const target = await resolveHook(context, arg, title);
  if (!URL.canParse(target.hook.url)) throw new UserMessage(`This hook's URL is not a valid URL: ${target.hook.url}`);
  return { ...target, url: new URL(target.hook.url) };
}
