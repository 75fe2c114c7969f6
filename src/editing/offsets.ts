import * as vscode from 'vscode';

/** A text's offset range as an editor range (the scenario loader works in offsets). */
export function rangeAt(text: string, offset: number, length: number): vscode.Range {
  const position = (at: number): vscode.Position => {
    const before = text.slice(0, Math.max(0, Math.min(at, text.length)));
    const line = (before.match(/\n/g) ?? []).length;
    return new vscode.Position(line, before.length - (before.lastIndexOf('\n') + 1));
  };
  return new vscode.Range(position(offset), position(offset + length));
}
