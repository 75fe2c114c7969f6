/**
 * Schemas built on their first use, with zod loaded then. Building every schema when the extension loaded was a
 * third of its load time, and running zod itself most of the rest; now a window that parses nothing never loads
 * zod. `lazySchema((z) => z.object({...}))` is used, composed and typed like the schema it builds.
 */
type Zod = typeof import('./zodExports');

let zod: Zod | undefined;

function loadZod(): Zod {
  // A require inside a function runs zod on the first parse; an import would run it when the extension loads.
  // The shipped bundles resolve it to dist/zod.js (esbuild.js); the tests bundle it in.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  zod ??= require('./zodExports') as Zod;
  return zod;
}

/**
 * A stand-in for the schema `build` makes, which it builds on the first property read: parse, safeParse, or zod
 * reading it as a part of another schema. Every read goes to the built schema, so it behaves as that schema does.
 */
export function lazySchema<T extends object>(build: (z: Zod) => T): T {
  let built: T | undefined;
  const schema = (): T => (built ??= build(loadZod()));
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(schema(), key) as unknown,
    has: (_target, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      // A proxy may report a property only as configurable unless its target has it too.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
