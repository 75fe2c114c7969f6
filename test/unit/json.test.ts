import * as assert from 'node:assert/strict';
import { parseJson, stringifyJson } from '../../src/model/losslessJson';
import {
  envelopeSchema,
  failureResponseSchema,
  listResponseSchema,
  loginResponseSchema,
  singleHookResponseSchema,
  webhookSchema,
} from '../../src/api/schemas';

describe('losslessJson', () => {
  it('keeps integers beyond 2^53 as exact decimal strings', () => {
    const parsed = parseJson('{"webhookId":1327295480212647936,"small":687557714}');
    assert.deepEqual(parsed, { webhookId: '1327295480212647936', small: 687557714 });
    // What JSON.parse would have made of it:
    assert.notEqual(String((JSON.parse('1327295480212647936') as number)), '1327295480212647936');
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
    for (const id of [1.5, -1, 'abc', '', '12a', null, true]) {
      assert.equal(webhookSchema.safeParse({ webhookId: id, type: 't', event: 'e', url: 'u' }).success, false, String(id));
    }
    assert.equal(webhookSchema.safeParse({ webhookId: 1, type: 't', url: 'u' }).success, false);
    assert.equal(webhookSchema.safeParse({ webhookId: 1, type: 't', event: 'e', url: 5 }).success, false);
  });

  it('reads the payloads of each call', () => {
    assert.equal(loginResponseSchema.parse('3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789'), '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789');
    assert.equal(loginResponseSchema.safeParse('').success, false);
    assert.equal(loginResponseSchema.safeParse(null).success, false);
    assert.deepEqual(listResponseSchema.parse([]), []);
    assert.equal(listResponseSchema.safeParse({ x: 1 }).success, false);
    const one = { webhookId: 7, type: 'message', event: 'send', url: 'https://a.example/x', method: 'GET' };
    assert.equal(singleHookResponseSchema.parse([one]).webhookId, '7');
    assert.equal(singleHookResponseSchema.parse(one).method, 'GET');
    assert.equal(singleHookResponseSchema.safeParse([]).success, false);
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
