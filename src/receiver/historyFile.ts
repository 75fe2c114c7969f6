import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CaptureHistoryStore } from './receiverHost';

/** The capture history as one JSON file (in the extension's global storage), written atomically. */
export function historyFile(path: string): CaptureHistoryStore {
  return {
    async load() {
      try {
        return JSON.parse(await readFile(path, 'utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
    async save(json) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.tmp`;
      await writeFile(temporary, json, 'utf8');
      await rename(temporary, path);
    },
  };
}
