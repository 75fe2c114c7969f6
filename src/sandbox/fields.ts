/** The fields of a sandbox request: its form body, read with a size limit, and its query string. */
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 64 * 1024;

/** Looks fields up in the form body first, then the query string. Unknown fields are never read. */
export class Fields {
  constructor(
    private readonly query: URLSearchParams,
    private readonly body: URLSearchParams,
  ) {}

  /** Fields given as a plain object, e.g. by a test that calls the state machine without HTTP. */
  static of(values: Readonly<Record<string, string>>): Fields {
    return new Fields(new URLSearchParams(), new URLSearchParams(values));
  }

  get(name: string): string | undefined {
    return this.body.get(name) ?? this.query.get(name) ?? undefined;
  }

  /** The field, or undefined when it is absent or empty. */
  optional(name: string): string | undefined {
    const value = this.get(name);
    return value === undefined || value === '' ? undefined : value;
  }
}

/** Reads a form body up to MAX_BODY_BYTES. Other content types give no fields. */
export function readForm(req: IncomingMessage): Promise<URLSearchParams | 'tooLarge' | 'aborted'> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve('tooLarge');
  }
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const isForm = contentType === '' || contentType.startsWith('application/x-www-form-urlencoded');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: URLSearchParams | 'tooLarge' | 'aborted'): void => {
      if (!done) {
        done = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        finish('tooLarge');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      finish(isForm ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : new URLSearchParams());
    });
    req.on('error', () => {
      finish('aborted');
    });
    req.on('close', () => {
      finish('aborted');
    });
  });
}
