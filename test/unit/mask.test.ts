import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { generatePayload } from '../../src/deliveries/payloads';
import { maskPayload, maskPhone, maskPhonesIn, maskTarget, maskText } from '../../src/privacy/mask';

describe('masking personal data', () => {
  it('gives the same number the same mask, in either shape, in the 555 range', () => {
    const a = maskPhone('+12065550100');
    assert.match(a, /^\+1555\d{7}$/);
    assert.equal(maskPhone('+12065550100'), a);
    assert.equal(maskPhone('2065550100'), a.slice(2), 'the 2015 shape (10 digits) masks to the same digits');
    assert.notEqual(maskPhone('+12065550101'), a);
    assert.equal(maskPhonesIn('call (206) 555-0100 now'), `call ${maskPhone('(206) 555-0100')} now`);
    assert.equal(maskPhone('(206) 555-0100').replace(/^\+1/, ''), a.slice(2));
  });

  it('masks message texts but keeps opt-out keywords', () => {
    assert.match(maskText('Do you have tables at 7?'), /^\[text [0-9a-f]{6}, 24 chars\]$/);
    assert.equal(maskText('Do you have tables at 7?'), maskText('Do you have tables at 7?'));
    assert.equal(maskText('STOP'), 'STOP');
    assert.equal(maskText(' unstop '), ' unstop ');
  });

  it("masks a payload's numbers and text, and keeps every id exact", () => {
    const { json } = generatePayload({
      type: 'message',
      event: 'receive',
      line: '+12068163958',
      otherParty: '+12065550100',
      body: 'My card is 4111',
      seed: 1,
    });
    const masked = maskPayload(json);
    const id = /"id":(\d+)/.exec(json)?.[1] ?? 'none';
    assert.ok(masked.includes(`"id":${id}`), 'the id above 2^53 is exact');
    assert.ok(!masked.includes('2065550100') && !masked.includes('2068163958'), masked);
    assert.ok(!masked.includes('My card'), masked);
    assert.ok(masked.includes(`"address":"ptn:/${maskPhone('+12065550100')}"`));
    assert.ok(maskPayload(json, { keepText: true }).includes('My card is 4111'));
    assert.equal(maskPayload('not json +12065550100'), `not json ${maskPhone('+12065550100')}`);
  });

  it("masks a GET delivery's query fields", () => {
    const masked = maskTarget('/in?finalSource=%2B12065550100&body=hi%20there&id=1327295480212647936');
    assert.ok(!masked.includes('2065550100'));
    assert.ok(masked.includes('id=1327295480212647936'));
    assert.ok(!masked.includes('hi+there') && !masked.includes('hi%20there'));
  });
});

describe('masking in the shipped (minified) bundle', () => {
  it('keeps numbers as numbers when class names are minified away', () => {
    const folder = mkdtempSync(join(tmpdir(), 'zw-mask-'));
    try {
      const outfile = join(folder, 'mask.js');
      buildSync({
        entryPoints: [join(__dirname, '..', '..', 'src', 'privacy', 'mask.ts')],
        bundle: true,
        minify: true,
        platform: 'node',
        format: 'cjs',
        outfile,
        logLevel: 'silent',
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const minified = require(outfile) as { maskPayload: (json: string) => string };
      assert.equal(
        minified.maskPayload('{"id":1327295480212647936,"bodySize":4,"body":"hi"}').replace(/"body":"[^"]*"/, '"body":"?"'),
        '{"id":1327295480212647936,"bodySize":4,"body":"?"}',
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
