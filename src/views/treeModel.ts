/**
 * The pure mapping from lines, events and hooks to what a tree row shows. No vscode import, so
 * the mapping is unit-tested in plain Node; WebhookTreeProvider turns these into TreeItems.
 */
import { plural } from '../format';
import { eventKey, HOOK_EVENTS, type HookEventSpec, type Webhook } from '../model/webhook';
import type { LineRecord } from '../auth/lineRecord';

export type TreeNode =
  | { readonly kind: 'line'; readonly line: LineRecord }
  | { readonly kind: 'event'; readonly line: LineRecord; readonly spec: HookEventSpec }
  | { readonly kind: 'hook'; readonly line: LineRecord; readonly hook: Webhook }
  | { readonly kind: 'message'; readonly line: LineRecord; readonly text: string; readonly detail: string; readonly isError: boolean };

export interface RowSpec {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip: string;
  /** A codicon id. */
  readonly icon: string;
  /** A theme color id for the icon, when it warns. */
  readonly iconColor?: string;
  readonly contextValue: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
}

export const rowId = {
  line: (line: LineRecord): string => `line/${line.id}`,
  /**
   * An event with hooks and an empty one are different rows to VS Code (one expands, one cannot), so an
   * event that gets its first hook shows it at once instead of staying collapsed under the old id.
   */
  event: (line: LineRecord, spec: { type: string; event: string }, empty = false): string =>
    `event/${line.id}/${eventKey(spec)}${empty ? '/empty' : ''}`,
  hook: (line: LineRecord, hook: Webhook): string => `hook/${line.id}/${hook.webhookId}`,
  message: (line: LineRecord): string => `message/${line.id}`,
};

export function hooksForEvent(hooks: readonly Webhook[], spec: { type: string; event: string }): Webhook[] {
  return hooks.filter((hook) => hook.type === spec.type && hook.event === spec.event);
}

/** A line's hooks by event (`eventKey`), in one pass: a line may have thousands, and the tree asks per event. */
export function groupByEvent(hooks: readonly Webhook[]): ReadonlyMap<string, readonly Webhook[]> {
  const groups = new Map<string, Webhook[]>();
  for (const hook of hooks) {
    const key = eventKey(hook);
    const group = groups.get(key);
    if (group) group.push(hook);
    else groups.set(key, [hook]);
  }
  return groups;
}

/** The six events of a line, always all six, whatever the line has installed. */
export type EventNode = Extract<TreeNode, { kind: 'event' }>;

export function eventNodes(line: LineRecord): EventNode[] {
  return HOOK_EVENTS.map((spec) => ({ kind: 'event', line, spec }));
}

export function lineRow(line: LineRecord, options: { sandbox: boolean; server: string; hookCount?: number }): RowSpec {
  const where = options.sandbox ? 'Sandbox' : new URL(options.server).host;
  const count = options.hookCount === undefined ? '' : ` · ${plural(options.hookCount, 'hook')}`;
  return {
    id: rowId.line(line),
    label: line.label,
    description: `${where}${count}`,
    tooltip: [
      `Line: ${line.label}`,
      `Device id: ${line.deviceId}`,
      options.sandbox ? 'Server: built-in sandbox (no Zipwhip account needed)' : `Server: ${options.server}`,
    ].join('\n'),
    icon: options.sandbox ? 'beaker' : 'device-mobile',
    contextValue: options.sandbox ? 'line.sandbox' : 'line',
    collapsible: 'expanded',
  };
}

/** An event's row; `hooks` are that event's own (see groupByEvent). */
export function eventRow(line: LineRecord, spec: HookEventSpec, hooks: readonly Webhook[]): RowSpec {
  const count = hooks.length;
  return {
    id: rowId.event(line, spec, count === 0),
    label: spec.event,
    description: count === 0 ? `${spec.type} · no hooks` : `${spec.type} · ${plural(count, 'hook')}`,
    tooltip: `${spec.label}\ntype=${spec.type} event=${spec.event}\n${count === 0 ? 'No web hook is installed for this event.' : `${plural(count, 'web hook')} installed.`}`,
    icon: count === 0 ? 'circle-outline' : 'bell',
    contextValue: count === 0 ? 'event.empty' : 'event',
    collapsible: count === 0 ? 'none' : 'expanded',
  };
}

export function hookRow(
  line: LineRecord,
  hook: Webhook,
  pointed?: { readonly originalUrl: string; readonly originalMethod: string },
): RowSpec {
  const insecure = isPlainHttp(hook.url) && !pointed;
  return {
    id: rowId.hook(line, hook),
    label: hook.url,
    description: pointed ? `${hook.method} · pointed at the receiver` : hook.method,
    tooltip: [
      ...(pointed ? [`Pointed at the local receiver. Original: ${pointed.originalMethod} ${pointed.originalUrl}`, ''] : []),
      `URL: ${hook.url}`,
      `Method: ${hook.method}`,
      `Type: ${hook.type}`,
      `Event: ${hook.event}`,
      `Webhook id: ${hook.webhookId}`,
      ...(insecure ? ['', 'Warning: plain http:// — message bodies travel unencrypted. HTTPS is recommended.'] : []),
    ].join('\n'),
    icon: pointed ? 'radio-tower' : insecure ? 'warning' : 'link',
    ...(insecure ? { iconColor: 'problemsWarningIcon.foreground' } : {}),
    contextValue: pointed ? 'hook.pointed' : 'hook',
    collapsible: 'none',
  };
}

export function messageRow(line: LineRecord, text: string, detail: string, isError: boolean): RowSpec {
  return {
    id: rowId.message(line),
    label: text,
    tooltip: detail,
    icon: isError ? 'error' : 'loading~spin',
    ...(isError ? { iconColor: 'errorForeground' } : {}),
    contextValue: isError ? 'message.error' : 'message',
    collapsible: 'none',
  };
}

export function isPlainHttp(url: string): boolean {
  return url.trim().toLowerCase().startsWith('http://');
}
