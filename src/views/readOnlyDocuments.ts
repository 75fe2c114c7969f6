import * as vscode from 'vscode';

const SCHEME = 'zipwhip-output';
const KEEP = 50;

/**
 * Results (a test delivery, an endpoint check, a captured request) open as read-only documents: a
 * content provider owns the text, so the editor offers no save and no edit.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This result is no longer available; run the command again.';
  }

  /** Opens `text` in a read-only editor titled `name` (its extension picks the language, e.g. `.md`). */
  async open(name: string, text: string): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(this.add(name, text));
    return vscode.window.showTextDocument(document, { preview: false });
  }

  /** Keeps `text` as a read-only document titled `name`, without opening it (e.g. one side of a diff). */
  add(name: string, text: string): vscode.Uri {
    this.counter += 1;
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${this.counter}/${name.replace(/[\\/]/g, '-')}` });
    this.texts.set(uri.toString(), text);
    if (this.texts.size > KEEP) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) this.texts.delete(oldest);
    }
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
