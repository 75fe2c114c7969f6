import * as assert from 'node:assert/strict';
import { MIN_SCRUBBED_SECRET_LENGTH, Redactor, SCRUBBED, WITHHELD, scrubSecrets } from '../../src/api/redact';

const KEY = '3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789';
const UUID = '3d0f1dde-aaff-4ce8-b61a-af212a860abc';
const PASSWORD = 'S3cr3t pass/word:é&"<x>';

/** Every maximal run of base64 characters, decoded at each of the four character alignments. */
function base64Decodings(text: string): string[] {
  const decodings: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    for (let skip = 0; skip < 4; skip++) decodings.push(Buffer.from(standard.slice(skip), 'base64').toString('latin1'));
  }
  return decodings;
}

describe('redact: secrets out of error texts', () => {
  it('replaces the raw, percent-encoded (either letter case), form-encoded and JSON-escaped forms', () => {
    const forms = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      encodeURIComponent(PASSWORD).toLowerCase(),
      encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m, offset: number) => (offset % 2 === 0 ? m.toLowerCase() : m)),
      new URLSearchParams({ p: PASSWORD }).toString().slice(2),
      JSON.stringify(PASSWORD).slice(1, -1),
      JSON.stringify(PASSWORD).slice(1, -1).replace(/\//g, '\\/'),
      PASSWORD.toUpperCase(),
    ];
    for (const form of forms) {
      assert.equal(scrubSecrets(`before ${form} after`, [PASSWORD]), `before ${SCRUBBED} after`, form);
    }
  });

  it('replaces \\u escapes, HTML entities and a mix of encodings in one echo', () => {
    const unicodeEscaped = Array.from(PASSWORD, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const entities = Array.from(PASSWORD, (c) => `&#${c.charCodeAt(0)};`).join('');
    const hexEntities = Array.from(PASSWORD, (c) => `&#x${c.charCodeAt(0).toString(16)};`).join('');
    const mixed = 'S3cr3t%20pass%2fword%3A%C3%A9&amp;\\"&lt;x&#62;';
    for (const form of [unicodeEscaped, entities, hexEntities, mixed]) {
      assert.equal(scrubSecrets(`[${form}]`, [PASSWORD]), `[${SCRUBBED}]`, form);
    }
  });

  it('replaces the uuid part of a key on its own, and the key whole', () => {
    assert.equal(scrubSecrets(`Unknown session id ${UUID}.`, [KEY]), `Unknown session id ${SCRUBBED}.`);
    assert.equal(scrubSecrets(`Unknown session id ${UUID.toUpperCase()}.`, [KEY]), `Unknown session id ${SCRUBBED}.`);
    assert.equal(scrubSecrets(`session=${encodeURIComponent(KEY).toLowerCase()}`, [KEY]), `session=${SCRUBBED}`);
  });

  it('replaces the base64 of a secret wherever it sits in a larger blob, standard or url-safe', () => {
    for (const secret of [KEY, PASSWORD]) {
      // As sent, and inside the form body as it went on the wire.
      for (const wrapped of [secret, new URLSearchParams({ session: secret, type: 'message' }).toString()]) {
        for (let before = 0; before < 6; before++) {
          const blob = Buffer.from(`${'x'.repeat(before)}${wrapped}yz`, 'utf8').toString('base64');
          for (const encoded of [blob, blob.replace(/\+/g, '-').replace(/\//g, '_')]) {
            const scrubbed = scrubSecrets(`echo: ${encoded}`, [secret]);
            assert.ok(scrubbed.includes(SCRUBBED), `${before}: ${scrubbed}`);
            for (const decoded of base64Decodings(scrubbed)) {
              assert.ok(!decoded.includes(secret) && !decoded.includes(UUID), `${before}: ${decoded}`);
            }
          }
        }
      }
    }
  });

  it('replaces anything shaped like a session key, whoever it belongs to', () => {
    const other = '11111111-2222-4333-8444-555555555555:42';
    assert.equal(
      scrubSecrets(`a ${other} b ${encodeURIComponent(other)} c ${encodeURIComponent(other).toLowerCase()}`, []),
      `a ${SCRUBBED} b ${SCRUBBED} c ${SCRUBBED}`,
    );
  });

  it('never cuts a short secret out of a text: a text that holds one is withheld whole', () => {
    assert.ok('a1b2c3d'.length < MIN_SCRUBBED_SECRET_LENGTH);
    const message = "The server's answer to webhook/list was not understood.";
    // Nothing garbled, nothing revealed, when the short secret is not there...
    assert.equal(scrubSecrets(message, ['zq']), message);
    // ...and the whole text withheld when it is, in any case or encoding.
    for (const text of ['key o is bad', 'KEY O IS BAD', 'a%6Fb']) {
      assert.equal(scrubSecrets(text, ['o']), WITHHELD, text);
    }
    assert.equal(scrubSecrets('password a+b! was refused', ['a b!']), WITHHELD);
    assert.equal(scrubSecrets('password a%20b%21 was refused', ['a b!']), WITHHELD);
    assert.equal(scrubSecrets('nothing here', ['', 'zz']), 'nothing here');
  });

  it("the last net leaves the extension's own words alone for a short secret, but still scrubs long ones", () => {
    const redactor = new Redactor(['o', KEY]);
    assert.equal(redactor.scrub(`The connection to host was closed (${KEY}).`), `The connection to host was closed (${SCRUBBED}).`);
  });

  it('the head of a long text is redacted before it is cut, so a secret across the cut does not leak in part', () => {
    const redactor = new Redactor([PASSWORD]);
    const text = `${'x'.repeat(190)}${encodeURIComponent(PASSWORD)} and more`;
    assert.equal(redactor.head(text, 200), `${'x'.repeat(190)}${SCRUBBED} and mo`);
    assert.equal(
      new Redactor(['o']).head(`${'x'.repeat(300)}o`, 200),
      'x'.repeat(200),
      'a short secret past the head does not withhold it',
    );
    assert.equal(new Redactor(['o']).head(`${'x'.repeat(10)}o`, 200), WITHHELD);
  });

  it('a secret too long for a pattern is still replaced in its usual forms, base64 included', () => {
    const long = `${'Pass word/'.repeat(2000)}end`;
    const forms = [
      long,
      encodeURIComponent(long),
      encodeURIComponent(long).toLowerCase(),
      new URLSearchParams({ p: long }).toString().slice(2),
      long.toUpperCase(),
    ];
    for (const form of forms) assert.equal(scrubSecrets(`<${form}>`, [long]), `<${SCRUBBED}>`, form.slice(0, 40));
    const blob = Buffer.from(`x${long}`, 'utf8').toString('base64');
    assert.ok(base64Decodings(scrubSecrets(blob, [long])).every((decoded) => !decoded.includes(long)));
  });
});
