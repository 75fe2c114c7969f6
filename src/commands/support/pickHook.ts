import type { LineRecord } from '../../auth/lineRecord';
import { UserFacingError } from '../../errors/userFacingError';
import { untrusted } from '../../errors/untrustedText';
import type { Webhook } from '../../model/webhook';
import { answered } from '../../prompts/prompter';
import { asNode } from './commandArguments';
import type { CommandContext } from './commandContext';
import { signedInLines } from './pickLine';

/** The hook a command acts on: the selected one, or one picked from every line's hooks (or the node's line or event). */
export async function pickHook(context: CommandContext, arg: unknown, title: string): Promise<{ line: LineRecord; hook: Webhook }> {
  const node = asNode(arg);
  if (node?.kind === 'hook') return { line: node.line, hook: node.hook };
  const lines = await signedInLines(context);
  const candidates: { line: LineRecord; hook: Webhook }[] = [];
  for (const line of lines) {
    if (node && node.line.id !== line.id) continue;
    if (context.tree.hooksOf(line) === undefined) await context.tree.refresh(line);
    for (const hook of context.tree.hooksOf(line) ?? []) {
      if (node?.kind === 'event' && (hook.type !== node.spec.type || hook.event !== node.spec.event)) continue;
      candidates.push({ line, hook });
    }
  }
  if (candidates.length === 0) throw new UserFacingError('There is no webhook to choose from.');
  return answered(
    await context.prompter().pick({
      title,
      placeholder: 'Which webhook?',
      items: candidates.map((c) => ({
        label: c.hook.url,
        description: `${c.hook.method} · ${c.hook.type} ${c.hook.event}`,
        detail: lines.length > 1 ? c.line.label : undefined,
        value: c,
      })),
    }),
  );
}

/** A hook whose URL the extension will itself send a request to: it must parse as a URL. */
export async function pickHookToCall(
  context: CommandContext,
  arg: unknown,
  title: string,
): Promise<{ line: LineRecord; hook: Webhook; url: URL }> {
  const target = await pickHook(context, arg, title);
  if (!URL.canParse(target.hook.url)) throw new UserFacingError(`This hook's URL is not a valid URL: ${untrusted(target.hook.url, 120)}`);
  return { ...target, url: new URL(target.hook.url) };
}
