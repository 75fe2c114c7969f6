import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaptureHistoryStore } from './receiverHost';

/** The capture history in a folder of the extension's global storage. */
export function captureHistory(folder: string): CaptureHistoryStore {
  const path = join(folder, 'deliveries.json');
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
