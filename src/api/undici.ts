/**
 * undici, loaded on first use. The bundler inlines it, and a top-level import would run all of it when the
 * extension activates, for a window that may never make a request; `import()` becomes a require that runs
 * on the first call instead. Only types may be imported from 'undici' elsewhere.
 */
import type * as Undici from 'undici';

let loading: Promise<typeof Undici> | undefined;

export function loadUndici(): Promise<typeof Undici> {
  loading ??= import('undici');
  return loading;
}

/**
 * Starts loading undici without waiting for it, when a request is known to come soon (a signed-in line is about
 * to be loaded): compiling it then overlaps the waits for SecretStorage and the sandbox. A failure to load is
 * reported by the request that awaits loadUndici(), not here.
 */
export function preloadUndici(): void {
  loadUndici().catch(() => undefined);
}
