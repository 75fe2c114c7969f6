/**
 * The part of zod/mini the schemas use, and all of zod that the extension ships: the shipped bundles load it as
 * dist/zod.js on the first parse (see ./schema.ts and esbuild.js), so activating the extension does not run zod.
 * A schema that needs another zod function adds it here; the type of lazySchema's `z` is this module's.
 */
export {
  array,
  boolean,
  catch,
  enum,
  int,
  iso,
  literal,
  maximum,
  maxLength,
  minimum,
  minLength,
  nonnegative,
  null,
  nullish,
  number,
  object,
  optional,
  pipe,
  positive,
  record,
  refine,
  regex,
  strictObject,
  string,
  transform,
  tuple,
  union,
  unknown,
} from 'zod/mini';
