import * as assert from 'node:assert/strict';
import { isSafeNumber, parse as parseLossless } from 'lossless-json';
import { parseJson, stringifyJson } from '../../src/model/losslessJson';
import {
  MAX_LISTED_HOOKS,
  envelopeSchema,
  failureResponseSchema,
  hookListSchema,
  listResponseSchema,
  loginResponseSchema,
  singleHookResponseSchema,
  webhookSchema,
} from '../../src/api/schemas';

/** mulberry32: a small seeded generator, so every run tries the same bodies. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the parser promises, spelt out with lossless-json: unsafe numbers as their text, duplicate keys last-wins. */
function referenceParse(text: string): unknown {
  return parseLossless(text, null, {
    parseNumber: (literal: string) => (isSafeNumber(literal) ? Number(literal) : literal),
    onDuplicateKey: ({ newValue }) => newValue,
  });
}

/** Either both throw, or both give the same value (`-0` and `0` told apart). */
function assertSameAsReference(text: string): void {
  let expected: { value: unknown } | { error: unknown };
  try {
    expected = { value: referenceParse(text) };
  } catch (error: unknown) {
    expected = { error };
  }
  if ('error' in expected) {
    assert.throws(() => parseJson(text), SyntaxError, `accepted what lossless-json refuses: ${text}`);
  } else {
    assert.deepStrictEqual(parseJson(text), expected.value, text);
  }
}

const NUMBER_LITERALS = [
  '0',
  '7',
  '-12',
  '687557714',
  '123456789012345',
  '-999999999999999',
  '1000000000000000',
  '9007199254740991',
  '9007199254740992',
  '-9007199254740993',
  '1327295480212647936',
  '98765432109876543210',
  '1.5',
  '-0.25',
  '0.1',
  '2.50',
  '0.30000000000000004',
  '0.1000000000000000055511151231257827',
  '1.2345678901234567',
  '12345678.12345678',
  '4503599627370496.5',
  '9007199254740993.0',
  '1e5',
  '1E-7',
  '2.5e+10',
  '-3e2',
  '1e400',
  '-1e400',
  '1e-400',
  '5e-324',
  '1.7976931348623157e308',
  '1e21',
  '0.000000000000000001',
  '123e-2',
];

function numberLiteral(next: () => number): string {
  const pick = next();
  if (pick < 0.5) return NUMBER_LITERALS[Math.floor(next() * NUMBER_LITERALS.length)] ?? '0';
  const digits = 1 + Math.floor(next() * 24);
  let literal = String(1 + Math.floor(next() * 9));
  for (let i = 1; i < digits; i++) literal += String(Math.floor(next() * 10));
  if (next() < 0.3) literal += `.${String(Math.floor(next() * 1e6))}`;
  if (next() < 0.2) literal += `e${next() < 0.5 ? '-' : ''}${String(Math.floor(next() * 400))}`;
  return next() < 0.3 ? `-${literal}` : literal;
}

const STRING_PIECES = [
  'a',
  'Z',
  ' ',
  '9',
  '12345678901234567890',
  '1e400',
  '\\"',
  '\\\\',
  '\\n',
  '\\u0041',
  ':',
  ',',
  '{',
  ']',
  'é',
  '\\/',
];
const KEYS = ['a', 'b', 'id', 'webhookId', '__proto__', 'constructor', '1', '12345678901234567890'];
const SPACES = ['', '', ' ', '\n', '\t', '\r\n'];

function generateJson(next: () => number, depth: number): string {
  const ws = (): string => SPACES[Math.floor(next() * SPACES.length)] ?? '';
  const pick = next();
  if (depth <= 0 || pick < 0.35) return numberLiteral(next);
  if (pick < 0.5) {
    let text = '';
    const pieces = Math.floor(next() * 5);
    for (let i = 0; i < pieces; i++) text += STRING_PIECES[Math.floor(next() * STRING_PIECES.length)] ?? '';
    return `"${text}"`;
  }
  if (pick < 0.55) return ['true', 'false', 'null'][Math.floor(next() * 3)] ?? 'null';
  const size = Math.floor(next() * 5);
  const items: string[] = [];
  if (pick < 0.75) {
    for (let i = 0; i < size; i++) items.push(`${ws()}${generateJson(next, depth - 1)}${ws()}`);
    return `[${items.join(',')}]`;
  }
  for (let i = 0; i < size; i++) {
    const key = KEYS[Math.floor(next() * KEYS.length)] ?? 'a';
    items.push(`${ws()}"${key}"${ws()}:${ws()}${generateJson(next, depth - 1)}${ws()}`);
  }
  return `{${items.join(',')}}`;
}

/** A small random damage: a character dropped, doubled or replaced by one that matters to JSON. */
function damage(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const chars = ['"', '\\', ':', ',', '{', '}', '[', ']', '-', '.', 'e', '0', '5', ' ', 'x'];
  const char = chars[Math.floor(next() * chars.length)] ?? 'x';
  const kind = next();
  if (kind < 0.33) return text.slice(0, at) + text.slice(at + 1);
  if (kind < 0.66) return text.slice(0, at) + char + text.slice(at);
  return text.slice(0, at) + char + text.slice(at + 1);
}

describe('losslessJson', () => {
  it('keeps integers beyond 2^53 as exact decimal strings', () => {
    const parsed = parseJson('{"webhookId":1327295480212647936,"small":687557714}');
    assert.deepEqual(parsed, { webhookId: '1327295480212647936', small: 687557714 });
    // What JSON.parse would have made of it:
    assert.notEqual(String(JSON.parse('1327295480212647936') as number), '1327295480212647936');
  });

  it('keeps the boundary exact: MAX_SAFE_INTEGER is a number, one more is a string', () => {
    assert.equal(parseJson('9007199254740991'), 9007199254740991);
    assert.equal(parseJson('9007199254740992'), '9007199254740992');
    assert.equal(parseJson('-9007199254740993'), '-9007199254740993');
  });

  it('parses ordinary values like JSON.parse', () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\u00e9"],"b":{"c":0.1}}';
    assert.deepEqual(parseJson(text), JSON.parse(text));
  });

  it('keeps the last of duplicate keys, like JSON.parse', () => {
    assert.deepEqual(parseJson('{"a":1,"a":2}'), { a: 2 });
  });

  it('throws a SyntaxError on text that is not JSON', () => {
    assert.throws(() => parseJson('<html></html>'), SyntaxError);
    assert.throws(() => parseJson(''), SyntaxError);
    assert.throws(() => parseJson('{"a":1'), SyntaxError);
  });

  it('writes bigints exactly and round-trips big ids', () => {
    const text = stringifyJson({ webhookId: 1327295480212647936n, n: 5, s: 'a"b' }) ?? '';
    assert.equal(text, '{"webhookId":1327295480212647936,"n":5,"s":"a\\"b"}');
    assert.deepEqual(parseJson(text), { webhookId: '1327295480212647936', n: 5, s: 'a"b' });
  });

  it('returns undefined for undefined, like JSON.stringify', () => {
    assert.equal(stringifyJson(undefined), undefined);
  });

  it('keeps any number a `number` cannot hold exactly as its text, integer or not', () => {
    assert.deepStrictEqual(parseJson('[1e-400,4503599627370496.5,1e400,9007199254740993.0,0.1000000000000000055511151231257827]'), [
      '1e-400',
      '4503599627370496.5',
      '1e400',
      '9007199254740993.0',
      '0.1000000000000000055511151231257827',
    ]);
    assert.deepStrictEqual(parseJson('[1.5,-0.25,2.50,1e5,5e-324,123456789012345]'), [1.5, -0.25, 2.5, 1e5, 5e-324, 123456789012345]);
    assert.ok(Object.is(parseJson('-0'), -0));
  });

  it('leaves digits inside strings alone, and never makes invalid JSON valid by quoting', () => {
    assert.deepStrictEqual(parseJson('{"u":"https://a.example/12345678901234567890?e=1e400","k":"\\"12345678901234567890"}'), {
      u: 'https://a.example/12345678901234567890?e=1e400',
      k: '"12345678901234567890',
    });
    for (const invalid of [
      '{12345678901234567890:1}',
      '{"a":1,12345678901234567890:2}',
      '[1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7]',
      '[012345678901234567890]',
      '["a"12345678901234567890]',
      '[1e]',
      '[--12345678901234567890]',
    ]) {
      assert.throws(() => parseJson(invalid), SyntaxError, invalid);
    }
  });

  it('keeps `__proto__` as an own key and pollutes no prototype', () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"__proto__":{"polluted":12345678901234567890}}']) {
      const parsed = parseJson(text) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(parsed), Object.prototype, text);
      assert.deepEqual(Object.keys(parsed), ['__proto__'], text);
      assert.ok(Object.hasOwn(parsed, '__proto__'), text);
      assert.equal((parsed as { polluted?: unknown }).polluted, undefined, text);
      assert.equal(({} as { polluted?: unknown }).polluted, undefined, text);
    }
  });

  it('agrees with lossless-json on 2,000 generated bodies, and on damaged ones (fixed seed)', function () {
    this.timeout(10_000);
    const next = random(20240601);
    let valid = 0;
    for (let i = 0; i < 2000; i++) {
      const text = generateJson(next, 3);
      assertSameAsReference(text);
      valid++;
      assertSameAsReference(damage(text, next));
    }
    assert.equal(valid, 2000);
  });
});

describe('schemas', () => {
  it('reads a documented hook object, with a numeric id as an opaque string', () => {
    const hook = webhookSchema.parse(
      parseJson(
        '{"webhookId":687557714,"type":"message","event":"receive","url":"https://test.zipwhip.com/message/receive","method":"POST"}',
      ),
    );
    assert.deepEqual(hook, {
      webhookId: '687557714',
      type: 'message',
      event: 'receive',
      url: 'https://test.zipwhip.com/message/receive',
      method: 'POST',
    });
  });

  it('accepts a big id (already a string after lossless parsing) and a digit-string id', () => {
    const big = webhookSchema.parse(parseJson('{"webhookId":1327295480212647937,"type":"t","event":"e","url":"u"}'));
    assert.equal(big.webhookId, '1327295480212647937');
    const text = webhookSchema.parse({ webhookId: '42', type: 't', event: 'e', url: 'u' });
    assert.equal(text.webhookId, '42');
  });

  it('uppercases the method and defaults it to POST', () => {
    assert.equal(webhookSchema.parse({ webhookId: 1, type: 't', event: 'e', url: 'u', method: 'put' }).method, 'PUT');
    assert.equal(webhookSchema.parse({ webhookId: 1, type: 't', event: 'e', url: 'u' }).method, 'POST');
    assert.equal(webhookSchema.parse({ webhookId: 1, type: 't', event: 'e', url: 'u', method: null }).method, 'POST');
  });

  it('ignores extra keys and drops them', () => {
    const hook = webhookSchema.parse({ webhookId: 1, type: 't', event: 'e', url: 'u', extra: true });
    assert.deepEqual(Object.keys(hook).sort(), ['event', 'method', 'type', 'url', 'webhookId']);
    assert.deepEqual(envelopeSchema.parse({ success: true, response: [], sessions: 3 }), { success: true, response: [] });
  });

  it('rejects hooks with a bad id or a missing field', () => {
    for (const id of [1.5, -1, 'abc', '', '12a', null, true, 2 ** 53, '1e-400', '4503599627370496.5']) {
      assert.equal(webhookSchema.safeParse({ webhookId: id, type: 't', event: 'e', url: 'u' }).success, false, String(id));
    }
    assert.equal(webhookSchema.safeParse({ webhookId: 1, type: 't', url: 'u' }).success, false);
    assert.equal(webhookSchema.safeParse({ webhookId: 1, type: 't', event: 'e', url: 5 }).success, false);
  });

  it('reads the payloads of each call', () => {
    assert.equal(
      loginResponseSchema.parse('3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789'),
      '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789',
    );
    assert.equal(loginResponseSchema.safeParse('').success, false);
    assert.equal(loginResponseSchema.safeParse(null).success, false);
    assert.deepEqual(listResponseSchema.parse([]), []);
    assert.equal(listResponseSchema.safeParse({ x: 1 }).success, false);
    const one = { webhookId: 7, type: 'message', event: 'send', url: 'https://a.example/x', method: 'GET' };
    assert.equal(singleHookResponseSchema.parse([one]).webhookId, '7');
    assert.equal(singleHookResponseSchema.parse(one).method, 'GET');
    assert.equal(singleHookResponseSchema.safeParse([]).success, false);
  });

  it('accepts only a session key as a login answer: shaped <uuid>:<digits>, bounded, no control characters', () => {
    const uuid = '3d0f1dde-aaff-4ce8-b61a-af212a860abc';
    for (const bad of [
      'abc',
      uuid,
      `${uuid}:`,
      `${uuid}:12\u0000`,
      `${uuid}:12\r\nX-Injected: 1`,
      `${uuid}:${'1'.repeat(21)}`,
      'k'.repeat(1_000_000),
      ` ${uuid}:1`,
    ]) {
      assert.equal(loginResponseSchema.safeParse(bad).success, false, JSON.stringify(bad.slice(0, 60)));
    }
    assert.equal(loginResponseSchema.safeParse(`${uuid}:${'1'.repeat(20)}`).success, true);
  });

  it('refuses a list of more than 10,000 hooks, before reading them', () => {
    const hook = { webhookId: 1, type: 'message', event: 'send', url: 'https://a.example/' };
    assert.equal(hookListSchema.safeParse(Array.from({ length: MAX_LISTED_HOOKS }, () => hook)).success, true);
    const tooMany = hookListSchema.safeParse(Array.from({ length: MAX_LISTED_HOOKS + 1 }, () => hook));
    assert.ok(!tooMany.success);
    assert.match(tooMany.error.issues[0]?.message ?? '', /more than 10,000 hooks/);
  });

  it('the list fast path reads every list exactly as listResponseSchema does (generated, fixed seed)', () => {
    const next = random(7);
    const one = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const ids = [0, 7, 687557714, -1, 1.5, 2 ** 53, '42', '1327295480212647936', '', 'abc', '1e-400', '4503599627370496.5', null, true];
    const texts = ['message', 'receive', '', 'https://a.example/x', 5, null];
    const methods = ['post', 'PUT', 'get', '', null, 5, undefined];
    const element = (): unknown => {
      const roll = next();
      if (roll < 0.03) return one([null, [], 'hook', 5]);
      if (roll < 0.05) return Object.assign(Object.create(null) as object, { webhookId: 1, type: 't', event: 'e', url: 'u' });
      const hook: Record<string, unknown> = {};
      if (next() < 0.97) hook.webhookId = next() < 0.7 ? one(ids.slice(0, 4)) : one(ids);
      for (const field of ['type', 'event', 'url']) if (next() < 0.97) hook[field] = next() < 0.9 ? one(texts.slice(0, 4)) : one(texts);
      const method = one(methods);
      if (method !== undefined) hook.method = method;
      if (next() < 0.2) hook.extra = one(texts);
      return hook;
    };
    let accepted = 0;
    for (let i = 0; i < 1000; i++) {
      const list = Array.from({ length: Math.floor(next() * 4) }, element);
      const fast = hookListSchema.safeParse(list);
      const reference = listResponseSchema.safeParse(list);
      assert.equal(fast.success, reference.success, JSON.stringify(list));
      if (fast.success && reference.success) {
        assert.deepStrictEqual(fast.data, reference.data);
        accepted++;
      }
    }
    assert.ok(accepted > 100 && accepted < 900, `accepted ${accepted}: the generator should give both kinds`);
  });

  it('reads the three failure payloads and nothing else', () => {
    assert.equal(failureResponseSchema.parse(null), null);
    assert.equal(failureResponseSchema.parse('Bad thing'), 'Bad thing');
    assert.deepEqual(failureResponseSchema.parse({ code: -703, desc: 'Wrong arguments' }), { code: -703, desc: 'Wrong arguments' });
    assert.equal(failureResponseSchema.safeParse({ code: 'x', desc: 'y' }).success, false);
    assert.equal(failureResponseSchema.safeParse(5).success, false);
  });

  it('requires the envelope keys', () => {
    assert.equal(envelopeSchema.safeParse({ response: [] }).success, false);
    assert.equal(envelopeSchema.safeParse({ success: 'true', response: [] }).success, false);
    assert.equal(envelopeSchema.safeParse([]).success, false);
  });
});
