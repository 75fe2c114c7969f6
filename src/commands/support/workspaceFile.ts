import * as vscode from 'vscode';
import { UserFacingError } from '../../errors/userFacingError';
import { messageOf } from '../../errors/describeError';

/** The folder files are written into: the first of the workspace, or a clear error without one. */
export function workspaceFolder(what: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new UserFacingError(`Open a folder first: ${what} is written into the workspace.`);
  return folder;
}

/** Writes a new file (refusing to overwrite one) and opens it. */
export async function writeNewFile(uri: vscode.Uri, text: string): Promise<vscode.TextEditor> {
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (exists) throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} already exists: choose another name.`);
  try {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  } catch (error) {
    throw new UserFacingError(
      `Could not write ${vscode.workspace.asRelativePath(uri)}: ${error instanceof vscode.FileSystemError ? error.code : messageOf(error)}.`,
    );
  }
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
}

/** A file name without the characters file systems refuse. */
export function safeFileName(name: string): string {
  return (
    name
      .trim()
      .replace(/[^A-Za-z0-9._ -]+/g, '-')
      .replace(/\s+/g, '-')
      .replace(/^-+|-+$/g, '') || 'untitled'
  );
}
