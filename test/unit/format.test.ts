import * as assert from 'node:assert/strict';
import { renderDeliveryOutcome } from '../../src/deliveries/renderOutcome';
import { formatSize, hasCredentials, plural, withoutPassword } from '../../src/format';

describe('text formatting', () => {
  it('pluralises, irregular plurals included', () => {
    assert.equal(plural(1, 'hook'), '1 hook');
    assert.equal(plural(0, 'hook'), '0 hooks');
    assert.equal(plural(2, 'delivery', 'deliveries'), '2 deliveries');
    assert.equal(formatSize(1536), '1.5 KB');
  });

  it('hides the password of a URL and says when there are credentials', () => {
    assert.equal(withoutPassword('https://hookuser:hookpass@host.example/h?x=1'), 'https://hookuser:***@host.example/h?x=1');
    assert.equal(withoutPassword('https://host.example/a:b@c'), 'https://host.example/a:b@c', 'an @ in the path is not userinfo');
    assert.equal(withoutPassword('https://user@host.example/'), 'https://user@host.example/');
    assert.equal(hasCredentials('https://user@host.example/'), true);
    assert.equal(hasCredentials('https://host.example/?mail=a@b'), false);
  });

  it("never shows a hook URL's password in a result document (security review F14)", () => {
    const text = renderDeliveryOutcome({
      request: { method: 'POST', url: 'http://hookuser:hookpass@127.0.0.1:9/h', headers: {}, body: '{}' },
      responseBody: { text: '', truncated: false, totalBytes: 0 },
      totalMs: 1,
      error: 'connect ECONNREFUSED',
    });
    assert.ok(!text.includes('hookpass'), text);
    assert.match(text, /hookuser:\*\*\*@127\.0\.0\.1/);
    assert.match(text, /not sent as a login/);
  });
});
