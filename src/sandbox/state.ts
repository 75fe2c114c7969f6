/**
 * The sandbox's Zipwhip state machine: lines, sessions and hooks, and the six calls of docs/zipwhip-api.md
 * over already-parsed request fields. No sockets here: a call returns its success payload or throws a
 * ReplyError, and the server turns either into an envelope.
 */
import { isSessionKey } from '../model/sessionKey';
import { randomUUID } from 'node:crypto';
import { findEventSpec, isHookMethod, type Webhook } from '../model/webhook';
import type { Fields } from './fields';
import { ReplyError } from './reply';
import { MAX_HOOKS_PER_LINE, type SandboxAccount, type SandboxSnapshot } from './types';

export interface SandboxStateOptions {
  readonly accounts: readonly SandboxAccount[];
  /** Three realistic hooks on each new line. */
  readonly seed: boolean;
  /** Ids above 2^53. */
  readonly bigIds: boolean;
  readonly state?: SandboxSnapshot;
  readonly onStateChange?: () => void;
}

const FIRST_ID = 687557714n;
const FIRST_BIG_ID = 1327295480212647936n;
const FIRST_DEVICE_ID = 377265507;
const WRONG_ARGUMENTS = { code: -703, desc: 'Wrong arguments' } as const;
/** Zipwhip had no documented limit; `code` -1 is the sandbox's own, `desc` is what the extension shows. */
export const TOO_MANY_HOOKS = { code: -1, desc: `A line can have at most ${MAX_HOOKS_PER_LINE} hooks.` } as const;

const SEED_HOOKS: readonly { type: string; event: string; url: string; method: string }[] = [
  { type: 'message', event: 'receive', url: 'https://example.com/zipwhip/message/receive', method: 'POST' },
  { type: 'message', event: 'progress', url: 'https://example.com/zipwhip/message/progress', method: 'PUT' },
  { type: 'optout', event: 'change', url: 'http://localhost:3000/optout', method: 'POST' },
];

interface StoredHook {
  readonly id: bigint;
  readonly type: string;
  readonly event: string;
  url: string;
  method: string;
}

interface Line {
  readonly username: string;
  password: string;
  readonly deviceId: string;
  readonly hooks: StoredHook[];
}

/** A hook as the wire carries it: the id as a bigint, so it is written exactly. */
export type WireHook = Record<string, unknown>;

function isHttpUrl(text: string): boolean {
  if (text !== text.trim() || text === '') return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function toWire(hook: StoredHook): WireHook {
  return { webhookId: hook.id, type: hook.type, event: hook.event, url: hook.url, method: hook.method };
}

function toWebhook(hook: StoredHook): Webhook {
  return { webhookId: hook.id.toString(), type: hook.type, event: hook.event, url: hook.url, method: hook.method };
}

const wrongArguments = (): ReplyError => new ReplyError(400, WRONG_ARGUMENTS);

/** The `method` field upper-cased, undefined when absent; throws for a method Zipwhip does not deliver with. */
function methodField(fields: Fields): string | undefined {
  const text = fields.optional('method');
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (!isHookMethod(upper)) throw wrongArguments();
  return upper;
}

export class SandboxState {
  private readonly linesByUsername = new Map<string, Line>();
  /** Session key → line. */
  private readonly sessions = new Map<string, Line>();
  private readonly issued = new Map<string, number>();
  private nextId: bigint;
  private nextDeviceId = FIRST_DEVICE_ID;

  constructor(private readonly options: SandboxStateOptions) {
    this.nextId = options.bigIds ? FIRST_BIG_ID : FIRST_ID;
    if (options.state) this.restore(options.state);
    for (const account of options.accounts) this.addAccount(account);
  }

  /** Lines and hooks as plain data (ids as decimal strings); no passwords, no session keys. */
  snapshot(): SandboxSnapshot {
    return {
      nextId: this.nextId.toString(),
      lines: [...this.linesByUsername.values()].map((line) => ({
        username: line.username,
        deviceId: line.deviceId,
        hooks: line.hooks.map((h) => ({ id: h.id.toString(), type: h.type, event: h.event, url: h.url, method: h.method })),
      })),
    };
  }

  private restore(state: SandboxSnapshot): void {
    if (/^\d+$/.test(state.nextId)) this.nextId = BigInt(state.nextId);
    for (const saved of state.lines) {
      if (!/^\d+$/.test(saved.deviceId)) continue;
      const hooks = saved.hooks
        .filter((h) => /^\d+$/.test(h.id) && findEventSpec(h.type, h.event) && isHttpUrl(h.url) && isHookMethod(h.method))
        // A saved state is data from disk: it holds no more hooks than a line can have.
        .slice(0, MAX_HOOKS_PER_LINE)
        .map((h) => ({ id: BigInt(h.id), type: h.type, event: h.event, url: h.url, method: h.method }));
      // A restored line has no password until an account names it; until then nobody can log in to it.
      this.linesByUsername.set(saved.username, { username: saved.username, password: randomUUID(), deviceId: saved.deviceId, hooks });
      this.nextDeviceId = Math.max(this.nextDeviceId, Number(saved.deviceId) + 1);
      for (const hook of hooks) if (hook.id >= this.nextId) this.nextId = hook.id + 1n;
    }
  }

  /** Adds a line (or changes the password of an existing one); returns its device id. */
  addAccount(account: SandboxAccount): string {
    const existing = this.linesByUsername.get(account.username);
    if (existing) {
      existing.password = account.password;
      return existing.deviceId;
    }
    const line: Line = { username: account.username, password: account.password, deviceId: String(this.nextDeviceId++), hooks: [] };
    this.linesByUsername.set(account.username, line);
    if (this.options.seed) {
      for (const hook of SEED_HOOKS) line.hooks.push({ id: this.nextId++, ...hook });
    }
    return line.deviceId;
  }

  hasLine(username: string): boolean {
    return this.linesByUsername.has(username);
  }

  /** The hooks of a line, in creation order. Throws for an unknown username. */
  hooks(username: string): Webhook[] {
    return this.lineOf(username).hooks.map(toWebhook);
  }

  /** The hooks of a line as webhook/list writes them. Throws for an unknown username. */
  wireHooks(username: string): WireHook[] {
    return this.lineOf(username).hooks.map(toWire);
  }

  /** The device id of a line. Throws for an unknown username. */
  deviceId(username: string): string {
    return this.lineOf(username).deviceId;
  }

  /** How many session keys were minted for this username (revoked ones included). */
  sessionsIssued(username: string): number {
    return this.issued.get(username) ?? 0;
  }

  isSessionValid(key: string): boolean {
    return this.sessions.has(key);
  }

  /**
   * Takes back a key this line was given before the sandbox restarted (the extension keeps it in SecretStorage),
   * so a reload does not need a new login. Only a key of the line's own device id, in the key's shape.
   */
  honour(username: string, key: string): boolean {
    const line = this.linesByUsername.get(username);
    if (!line || !isSessionKey(key) || !key.endsWith(`:${line.deviceId}`)) return false;
    this.sessions.set(key, line);
    return true;
  }

  /** user/login: a new `<uuid>:<deviceId>` key; 400 with a null response for any wrong credential. */
  login(fields: Fields): string {
    const username = fields.get('username');
    const password = fields.get('password');
    const line = username === undefined ? undefined : this.linesByUsername.get(username);
    if (!line || password === undefined || password !== line.password) throw new ReplyError(400, null);
    const key = `${randomUUID()}:${line.deviceId}`;
    this.sessions.set(key, line);
    this.issued.set(line.username, (this.issued.get(line.username) ?? 0) + 1);
    return key;
  }

  /** user/logout: revokes the key. */
  logout(fields: Fields): null {
    const key = fields.get('session') ?? '';
    this.session(fields);
    this.sessions.delete(key);
    return null;
  }

  /** webhook/list */
  list(fields: Fields): WireHook[] {
    return this.session(fields).hooks.map(toWire);
  }

  /** webhook/add: one hook, POST unless `method` says otherwise; refused beyond MAX_HOOKS_PER_LINE. */
  add(fields: Fields): WireHook[] {
    const line = this.session(fields);
    const type = fields.optional('type');
    const event = fields.optional('event');
    const url = fields.optional('url');
    if (type === undefined || event === undefined || !findEventSpec(type, event)) throw wrongArguments();
    if (url === undefined || !isHttpUrl(url)) throw wrongArguments();
    const method = methodField(fields) ?? 'POST';
    if (line.hooks.length >= MAX_HOOKS_PER_LINE) throw new ReplyError(400, TOO_MANY_HOOKS);
    const hook: StoredHook = { id: this.nextId++, type, event, url, method };
    line.hooks.push(hook);
    this.options.onStateChange?.();
    return [toWire(hook)];
  }

  /** webhook/update: the url and/or the method of one of the line's hooks. */
  update(fields: Fields): WireHook[] {
    const hook = this.findHook(this.session(fields), fields);
    const url = fields.optional('url');
    if (url !== undefined && !isHttpUrl(url)) throw wrongArguments();
    const method = methodField(fields);
    if (url !== undefined) hook.url = url;
    if (method !== undefined) hook.method = method;
    this.options.onStateChange?.();
    return [toWire(hook)];
  }

  /** webhook/delete */
  remove(fields: Fields): [] {
    const line = this.session(fields);
    const hook = this.findHook(line, fields);
    line.hooks.splice(line.hooks.indexOf(hook), 1);
    this.options.onStateChange?.();
    return [];
  }

  /** The line of the `session` field; 403 with a null response without a live key. */
  private session(fields: Fields): Line {
    const key = fields.get('session');
    const line = key === undefined ? undefined : this.sessions.get(key);
    if (!line) throw new ReplyError(403, null);
    return line;
  }

  private findHook(line: Line, fields: Fields): StoredHook {
    const id = fields.optional('webhookId');
    if (id === undefined || !/^\d+$/.test(id)) throw wrongArguments();
    const wanted = BigInt(id);
    const hook = line.hooks.find((h) => h.id === wanted);
    if (!hook) throw wrongArguments();
    return hook;
  }

  private lineOf(username: string): Line {
    const line = this.linesByUsername.get(username);
    if (!line) throw new Error(`The sandbox has no account ${username}.`);
    return line;
  }
}
