// lazySchema (src/model/schema.ts): a schema built on its first use stands in for the schema it builds, alone and
// as a part of others; and the shipped extension bundle loads zod from dist/zod.js only then.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { lazySchema } from '../../src/model/schema';

const DIST = path.resolve(__dirname, '../../dist');

describe('lazySchema: a schema built on first use', () => {
  it('builds nothing until it is used, and builds once', () => {
    let builds = 0;
    const schema = lazySchema((zod) => {
      builds += 1;
      return zod.object({ id: zod.string() });
    });
    assert.equal(builds, 0, 'not built when declared');
    assert.deepEqual(schema.parse({ id: '7', extra: 1 }), { id: '7' });
    assert.equal(schema.safeParse({ id: 7 }).success, false);
    assert.equal(builds, 1);
  });

  it('answers as the schema it builds, issues and paths included', () => {
    const direct = z.object({ statusCode: z.int(), body: z.optional(z.string()) });
    const lazy = lazySchema((zod) => zod.object({ statusCode: zod.int(), body: zod.optional(zod.string()) }));
    for (const value of [{ statusCode: 4 }, { statusCode: 'x' }, { statusCode: 1, body: 2 }, null, []]) {
      const a = direct.safeParse(value);
      const b = lazy.safeParse(value);
      assert.equal(b.success, a.success, JSON.stringify(value));
      assert.deepEqual(b.error?.issues, a.error?.issues, JSON.stringify(value));
      assert.deepEqual(b.data, a.data);
    }
  });

  it('composes: inside an object, an array, optional, a union and a pipe, with the path of a deep issue', () => {
    const id = lazySchema((zod) =>
      zod.pipe(
        zod.union([zod.int(), zod.string().check(zod.regex(/^\d+$/))]),
        zod.transform((v: number | string) => String(v)),
      ),
    );
    const hook = lazySchema((zod) => zod.object({ webhookId: id, url: zod.string() }));
    const list = lazySchema((zod) => zod.object({ hooks: zod.array(hook), first: zod.optional(hook) }));
    assert.deepEqual(
      list.parse({
        hooks: [
          { webhookId: 3, url: 'a' },
          { webhookId: '98765432109876543210', url: 'b' },
        ],
      }),
      {
        hooks: [
          { webhookId: '3', url: 'a' },
          { webhookId: '98765432109876543210', url: 'b' },
        ],
      },
    );
    const failed = list.safeParse({ hooks: [{ webhookId: 'x', url: 'a' }], first: { url: 'b' } });
    if (failed.success) assert.fail('a bad id and a missing id are refused');
    assert.deepEqual(
      failed.error.issues.map((issue) => issue.path),
      [
        ['hooks', 0, 'webhookId'],
        ['first', 'webhookId'],
      ],
    );
  });
});

describe('zod in the shipped bundle', () => {
  it('dist/extension.js does not contain zod; it requires dist/zod.js, which has every function the schemas use', () => {
    const extension = readFileSync(path.join(DIST, 'extension.js'), 'utf8');
    assert.ok(!extension.includes('$ZodType'), 'zod is not bundled into the extension');
    assert.match(extension, /require\("\.\/zod\.js"\)/);
    const shipped = createRequire(__filename)(path.join(DIST, 'zod.js')) as Record<string, unknown>;
    const declared = readFileSync(path.resolve(__dirname, '../../src/model/zodExports.ts'), 'utf8');
    const names =
      /export \{([^}]*)\}/
        .exec(declared)?.[1]
        ?.split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '') ?? [];
    assert.ok(names.length > 20, `read the export list of zodExports.ts (${names.length} names)`);
    for (const name of names) assert.notEqual(shipped[name], undefined, `dist/zod.js exports ${name}`);
    assert.ok(readFileSync(path.resolve(__dirname, '../../.vscodeignore'), 'utf8').includes('!dist/zod.js'), 'the .vsix ships dist/zod.js');
  });
});
