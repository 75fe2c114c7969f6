/** The Zipwhip web hook model, as the wire contract documents it. No `vscode` import in this folder. */

export const HOOK_METHODS = ['POST', 'PUT', 'GET'] as const;
export type HookMethod = (typeof HOOK_METHODS)[number];

/** The six documented type/event pairs, in the order the tree shows them. */
export const HOOK_EVENTS = [
  { type: 'message', event: 'receive', label: 'Message received' },
  { type: 'message', event: 'send', label: 'Message sent' },
  { type: 'message', event: 'progress', label: 'Message progress' },
  { type: 'message', event: 'read', label: 'Message read' },
  { type: 'message', event: 'delete', label: 'Message deleted' },
  { type: 'optout', event: 'change', label: 'Opt-out change (STOP/UNSTOP)' },
] as const;

export type HookEventSpec = (typeof HOOK_EVENTS)[number];
export type HookType = HookEventSpec['type'];
export type HookEvent = HookEventSpec['event'];

/** A hook installed on a line. `webhookId` is kept as an opaque decimal string (ids may exceed 2^53). */
export interface Webhook {
  readonly webhookId: string;
  readonly type: string;
  readonly event: string;
  readonly url: string;
  readonly method: string;
}

export interface NewWebhook {
  readonly type: HookType;
  readonly event: HookEvent;
  readonly url: string;
  readonly method?: HookMethod;
}

export interface WebhookChange {
  readonly url?: string;
  readonly method?: HookMethod;
}

/** `type:event`, the key the tree and the sandbox group hooks by. */
export function eventKey(hook: { readonly type: string; readonly event: string }): string {
  return `${hook.type}:${hook.event}`;
}

export function findEventSpec(type: string, event: string): HookEventSpec | undefined {
  return HOOK_EVENTS.find((e) => e.type === type && e.event === event);
}

export function isHookMethod(value: string): value is HookMethod {
  return (HOOK_METHODS as readonly string[]).includes(value);
}
