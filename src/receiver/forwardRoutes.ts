/**
 * The routing table of `zipwhip.receiver.forward`: which of the developer's handlers each captured event goes to.
 * Keys are `type/event` (`message/receive`, `optout/change`, …) or `*` for everything else; a value is one target
 * URL or several (fan-out, in order: the first one's answer goes back to the sender). No `vscode` import.
 */
import { HOOK_EVENTS } from '../model/webhook';

export type ForwardTable = ReadonlyMap<string, readonly string[]>;

export interface ParsedForwardTable {
  readonly table: ForwardTable;
  /** Entries that were left out, and why, for the log and a warning. */
  readonly problems: readonly string[];
}

export const CATCH_ALL = '*';
const EVENT_KEYS = new Set(HOOK_EVENTS.map((e) => `${e.type}/${e.event}`));

/** An absolute http(s) URL with a host, without a fragment. */
export function isForwardTarget(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.hash === '' && !/\s/.test(text);
}

/** Reads the setting's value (anything), keeping what is valid and saying what was not. */
export function parseForwardTable(value: unknown): ParsedForwardTable {
  const table = new Map<string, string[]>();
  const problems: string[] = [];
  if (value === undefined || value === null) return { table, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { table, problems: ['zipwhip.receiver.forward must be an object such as {"*": "http://localhost:3000/zipwhip"}.'] };
  }
  for (const [rawKey, rawTargets] of Object.entries(value as Record<string, unknown>)) {
    const key = rawKey.trim().toLowerCase();
    if (key !== CATCH_ALL && !EVENT_KEYS.has(key)) {
      problems.push(`"${rawKey}" is not an event: use one of ${[...EVENT_KEYS].join(', ')} or *.`);
      continue;
    }
    const list = typeof rawTargets === 'string' ? [rawTargets] : Array.isArray(rawTargets) ? rawTargets : undefined;
    if (!list || list.length === 0) {
      problems.push(`"${rawKey}" needs a target URL or a list of them.`);
      continue;
    }
    const targets: string[] = [];
    for (const target of list) {
      if (typeof target === 'string' && isForwardTarget(target.trim())) targets.push(target.trim());
      else problems.push(`"${rawKey}": ${JSON.stringify(target)} is not an http:// or https:// URL.`);
    }
    if (targets.length > 0) table.set(key, targets);
  }
  return { table, problems };
}

/** The targets of a capture's event (`message:receive`, as the receiver recognises it): its own route, else `*`. */
export function targetsFor(table: ForwardTable, event: string | undefined): readonly string[] {
  const own = event === undefined ? undefined : table.get(event.replace(':', '/'));
  return own ?? table.get(CATCH_ALL) ?? [];
}

/** Every distinct target of the table, in the order they first appear. */
export function allTargets(table: ForwardTable): string[] {
  return [...new Set([...table.values()].flat())];
}

/**
 * Where a captured request goes on a target: a target that names only an origin (`http://localhost:3000` or
 * `…/`) gets the captured path and query; a target with a path is used as given, plus the captured query when it
 * has none of its own (a GET delivery carries its fields there).
 */
export function forwardUrl(target: string, capturedTarget: string): string {
  const url = new URL(target);
  const path = capturedTarget.startsWith('/') ? capturedTarget : `/${capturedTarget}`;
  if (url.pathname === '/' && url.search === '' && !/^[a-z]+:\/\/[^/]+\/./i.test(target)) return `${url.origin}${path}`;
  const query = path.indexOf('?');
  return query === -1 || url.search !== '' ? target : `${target}${path.slice(query)}`;
}

/** True for a target on this machine (loopback names and addresses). */
export function isLocalTarget(target: string): boolean {
  if (!URL.canParse(target)) return false;
  const host = new URL(target).hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Which targets may be used as they are, which need the user's confirmation, and which are refused. */
export interface TargetReview {
  /** Without the refused targets. */
  readonly table: ForwardTable;
  /** Named only by a workspace's settings and not on this machine: a repository must not send message bodies away. */
  readonly refused: readonly string[];
  /** Not on this machine (message bodies are personal data): used only after the user confirms. */
  readonly toConfirm: readonly string[];
}

export function reviewTargets(table: ForwardTable, workspaceOnly: ReadonlySet<string>): TargetReview {
  const refused = allTargets(table).filter((t) => workspaceOnly.has(t) && !isLocalTarget(t));
  const kept = new Map<string, string[]>();
  for (const [key, targets] of table) {
    const allowed = targets.filter((t) => !refused.includes(t));
    if (allowed.length > 0) kept.set(key, allowed);
  }
  return { table: kept, refused, toConfirm: allTargets(kept).filter((t) => !isLocalTarget(t)) };
}

/** The table with `handler` as the route of everything the table does not route itself. */
export function withCatchAll(table: ForwardTable, handler: string | undefined): ForwardTable {
  if (handler === undefined || table.has(CATCH_ALL)) return table;
  return new Map([...table, [CATCH_ALL, [handler]]]);
}
