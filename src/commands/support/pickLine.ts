import type { LineRecord } from '../../auth/lineRecord';
import { UserFacingError } from '../../errors/userFacingError';
import { answered } from '../../prompts/prompter';
import { asNode } from './commandArguments';
import type { CommandContext } from './commandContext';

export const NO_LINE_MESSAGE = 'No line is signed in. Sign in, or start the sandbox, first.';

/** The signed-in lines, or a clear error offering Sign In when there is none. */
export async function signedInLines(context: CommandContext): Promise<readonly LineRecord[]> {
  const lines = await context.tree.linesWhenLoaded();
  if (lines.length === 0) throw new UserFacingError(NO_LINE_MESSAGE, 'Sign In');
  return lines;
}

/** The line a command acts on: the selected one, the only one, or the one the user picks. */
export async function pickLine(context: CommandContext, arg: unknown, placeholder: string): Promise<LineRecord> {
  const node = asNode(arg);
  if (node) return node.line;
  const lines = await signedInLines(context);
  const only = lines[0];
  if (lines.length === 1 && only) return only;
  return answered(
    await context.prompter().pick({
      title: placeholder,
      placeholder,
      items: lines.map((line) => ({
        label: line.label,
        description: context.sessions.isSandbox(line) ? 'Sandbox' : line.server,
        value: line,
      })),
    }),
  );
}
