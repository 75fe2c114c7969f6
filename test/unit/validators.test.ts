import * as assert from 'node:assert/strict';
import { checkBaseUrl } from '../../src/api/baseUrl';
import { validateSessionKey, validateUsername, validateWebhookUrl } from '../../src/prompts/validators';

describe('validateWebhookUrl', () => {
  it('accepts an absolute https URL with a host', () => {
    assert.equal(validateWebhookUrl('https://example.com/zipwhip/message/receive'), undefined);
  });

  it('warns (does not refuse) for plain http', () => {
    const result = validateWebhookUrl('http://example.com/hook');
    assert.equal(result?.severity, 'warning');
    assert.match(result.message, /HTTPS is recommended/);
  });

  for (const bad of [
    '',
    '   ',
    'example.com/hook',
    '/relative/path',
    'ftp://example.com/x',
    'mailto:a@b.c',
    'https://',
    'http://exa mple.com/',
  ]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(validateWebhookUrl(bad)?.severity, 'error');
    });
  }

  it('warns when the same URL is already installed for the event', () => {
    const result = validateWebhookUrl('https://example.com/a', ['https://example.com/b', 'https://example.com/a']);
    assert.equal(result?.severity, 'warning');
    assert.match(result.message, /already installed/);
    assert.equal(validateWebhookUrl('https://example.com/c', ['https://example.com/a']), undefined);
  });
});

describe('sign-in validators', () => {
  it('requires a username but does not insist on digits (operator names exist)', () => {
    assert.equal(validateUsername('')?.severity, 'error');
    assert.equal(validateUsername('4257772300'), undefined);
    assert.equal(validateUsername('operator.jane'), undefined);
  });

  it('checks the session key shape, warning on unusual shapes', () => {
    assert.equal(validateSessionKey('3d0f1dde-aaff-4ce8-b61a-af212a860abc:123456789'), undefined);
    assert.equal(validateSessionKey('')?.severity, 'error');
    assert.equal(validateSessionKey('abc def')?.severity, 'error');
    assert.equal(validateSessionKey('not-a-key')?.severity, 'warning');
  });
});

describe('checkBaseUrl', () => {
  it('normalises an https URL to end with a slash', () => {
    assert.deepEqual(checkBaseUrl('https://api.zipwhip.com'), { ok: true, baseUrl: 'https://api.zipwhip.com/' });
    assert.deepEqual(checkBaseUrl(' https://example.com/zw?x=1#y '), { ok: true, baseUrl: 'https://example.com/zw/' });
  });

  it('allows plain http only to loopback', () => {
    assert.equal(checkBaseUrl('http://127.0.0.1:8123/').ok, true);
    assert.equal(checkBaseUrl('http://localhost:8123').ok, true);
    assert.equal(checkBaseUrl('http://[::1]:8123/').ok, true);
    const refused = checkBaseUrl('http://api.zipwhip.com/');
    assert.ok(!refused.ok);
    assert.match(refused.message, /plain HTTP/);
  });

  it('refuses garbage, other schemes and embedded credentials', () => {
    assert.equal(checkBaseUrl('not a url').ok, false);
    assert.equal(checkBaseUrl('ftp://example.com/').ok, false);
    assert.equal(checkBaseUrl('https://user:pw@example.com/').ok, false);
  });
});
