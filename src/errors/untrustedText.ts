/**
 * Text that did not come from the extension (a server's error message, a hook URL, anything from a capture)
 * before it goes into a notification. VS Code renders `[label](command:…)` in a notification as a link that
 * runs the command on a click, so the `](` of such text is broken up, and the text is cut to a length a toast
 * can show; whoever shows it logs the whole text.
 */
export const UNTRUSTED_TEXT_LIMIT = 300;

/** Breaks up link syntax (`[label](target)`) so nothing renders as a link. */
export function neutraliseLinks(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

/** Link syntax broken up, control characters shown as spaces, cut to `limit` characters with an ellipsis. */
export function untrusted(text: string, limit = UNTRUSTED_TEXT_LIMIT): string {
  // eslint-disable-next-line no-control-regex
  const flat = neutraliseLinks(text).replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}
