import * as vscode from 'vscode';
import { lazySchema } from '../model/schema';

/** Where an editable payload came from, and so what Send does with it. */
export type PayloadOrigin =
  | {
      readonly kind: 'capture';
      readonly captureId: string;
      readonly method: string;
      readonly path: string;
      readonly headers: readonly (readonly [string, string])[];
      /** The payload as it was captured (re-indented), for Compare with Original. */
      readonly original: string;
    }
  | { readonly kind: 'simulate'; readonly type: string; readonly event: string; readonly original: string };

const originSchema = lazySchema((z) =>
  z.union([
    z.object({
      kind: z.literal('capture'),
      captureId: z.string(),
      method: z.string(),
      path: z.string(),
      headers: z.array(z.tuple([z.string(), z.string()])),
      original: z.string(),
    }),
    z.object({ kind: z.literal('simulate'), type: z.string(), event: z.string(), original: z.string() }),
  ]),
);

/** Editable payloads end in this, which the contributed JSON Schema (jsonValidation) matches. */
export const PAYLOAD_SUFFIX = '.zipwhip-payload.json';
const ORIGIN_SUFFIX = '.origin';

export function isPayloadDocument(uri: vscode.Uri): boolean {
  return uri.path.endsWith(PAYLOAD_SUFFIX);
}

/**
 * Payload documents the user edits before sending: real JSON files in the extension's storage (so they can be
 * saved, diffed and checked against the schema), each with a small origin file beside it that says what Send
 * does with it. They hold message bodies, personal data: they never go into the workspace.
 */
export class PayloadDocuments {
  constructor(private readonly folder: vscode.Uri) {}

  /** Writes `text` as `<name>.zipwhip-payload.json` (a new file each time) and opens it for editing. */
  async open(name: string, text: string, origin: PayloadOrigin): Promise<vscode.TextEditor> {
    const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
    const uri = vscode.Uri.joinPath(this.folder, `${safe}-${Date.now().toString(36)}${PAYLOAD_SUFFIX}`);
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    await vscode.workspace.fs.writeFile(this.originUri(uri), Buffer.from(JSON.stringify(origin), 'utf8'));
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** What the payload document is for, or undefined when it is not one of ours (or its origin file is gone). */
  async originOf(uri: vscode.Uri): Promise<PayloadOrigin | undefined> {
    if (!isPayloadDocument(uri)) return undefined;
    try {
      const parsed = originSchema.safeParse(
        JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(this.originUri(uri))).toString('utf8')),
      );
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private originUri(uri: vscode.Uri): vscode.Uri {
    return uri.with({ path: `${uri.path}${ORIGIN_SUFFIX}` });
  }
}
