/**
 * A delivery as a copy-pasteable POSIX shell cURL command. Every argument is single-quoted, since inside
 * single quotes a POSIX shell expands nothing ($, backticks, backslashes and newlines stay literal); a
 * single quote itself is written as '\'' (close, escaped quote, reopen).
 */
import { isUtf8 } from 'node:buffer';

export interface CurlRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface CurlOptions {
  /** Default true: one argument per line, joined with ` \` continuations. False: one line. */
  readonly multiline?: boolean;
}

/** Quotes one shell word. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A body that cannot be a quoted argument goes through stdin: NUL bytes cannot be in an argument, invalid
 * UTF-8 would not survive copy and paste, and `--data-binary '@x'` would read a FILE named x. POSIX printf
 * writes octal escapes byte for byte.
 */
function printfBytes(bytes: Uint8Array): string {
  let format = '';
  for (const [index, byte] of bytes.entries()) {
    // A format starting with `-` is read as an option (bash: "not a valid identifier", dash: "Illegal
    // option") and nothing is written; `printf --` is not understood by every shell, an escape is.
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x25 && byte !== 0x5c && byte !== 0x27 && !(index === 0 && byte === 0x2d);
    format += printable ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `printf ${shellQuote(format)}`;
}

function bodyText(body: string | Uint8Array): string | undefined {
  if (typeof body === 'string') return body;
  return isUtf8(body) ? Buffer.from(body).toString('utf8') : undefined;
}

/** `curl -X METHOD URL -H … --data-binary BODY`, safe to paste into sh, bash, zsh or dash. */
export function toCurl(request: CurlRequest, options: CurlOptions = {}): string {
  const args: string[] = ['-X', shellQuote(request.method.toUpperCase())];
  // curl treats [] and {} in a URL as glob patterns unless told not to.
  if (/[[\]{}]/.test(request.url)) args.push('--globoff');
  args.push(shellQuote(request.url));
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    // `-H 'Name:'` REMOVES a header in curl; `Name;` is how it sends one with an empty value.
    args.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  let stdin: string | undefined;
  if (request.body !== undefined) {
    const text = bodyText(request.body);
    if (text !== undefined && !text.includes('\0') && !text.startsWith('@')) {
      args.push('--data-binary', shellQuote(text));
    } else {
      stdin = printfBytes(typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body);
      args.push('--data-binary', '@-');
    }
  }
  const multiline = options.multiline ?? true;
  // Keep each option next to its value on one line.
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (arg.startsWith('-') && arg !== '--globoff' && next !== undefined) {
      words.push(`${arg} ${next}`);
      i++;
    } else {
      words.push(arg);
    }
  }
  const command = ['curl', ...words].join(multiline ? ' \\\n  ' : ' ');
  return stdin === undefined ? command : `${stdin} |${multiline ? ' \\\n' : ''} ${command}`;
}
