import * as assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { isAllowedHost, parseHostHeader, type HostPolicy } from '../../src/net/httpServer';

const PORT = 41234;

function allowed(host: string | undefined, policy: HostPolicy): boolean {
  return isAllowedHost({ headers: host === undefined ? {} : { host } }, policy);
}

describe('parseHostHeader', () => {
  const cases: [string | undefined, { name: string; port: string } | undefined][] = [
    ['127.0.0.1:8080', { name: '127.0.0.1', port: '8080' }],
    ['LocalHost', { name: 'localhost', port: '80' }],
    [' example.com:443 ', { name: 'example.com', port: '443' }],
    ['[::1]:9000', { name: '[::1]', port: '9000' }],
    ['[FD00::A]', { name: '[fd00::a]', port: '80' }],
    ['[::ffff:127.0.0.1]:81', { name: '[::ffff:127.0.0.1]', port: '81' }],
    ['::1', undefined],
    ['fd00::1:8080', undefined],
    ['[::1', undefined],
    ['host:', undefined],
    ['host:123456', undefined],
    ['a b:80', undefined],
    ['user@host:80', undefined],
    ['', undefined],
    [undefined, undefined],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(parseHostHeader(header), expected);
    });
  }
});

describe('isAllowedHost', () => {
  const loopback: HostPolicy = { bindHost: '127.0.0.1', port: PORT };

  it('accepts the loopback names at the server port', () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `LOCALHOST:${PORT}`, `[::1]:${PORT}`]) {
      assert.equal(allowed(host, loopback), true, host);
    }
  });

  it('refuses other names, look-alikes, another port, no port and no header', () => {
    for (const host of [
      `evil.example:${PORT}`,
      `127.0.0.1.evil.example:${PORT}`,
      `localhost.evil.example:${PORT}`,
      `127.0.0.2:${PORT}`,
      `127.0.0.1:${PORT + 1}`,
      `localhost:${PORT + 1}`,
      '127.0.0.1',
      `[::2]:${PORT}`,
      'evil.example',
      undefined,
      '',
    ]) {
      assert.equal(allowed(host, loopback), false, String(host));
    }
  });

  it('accepts the address it is bound to, IPv6 in brackets', () => {
    assert.equal(allowed(`192.168.7.5:${PORT}`, { bindHost: '192.168.7.5', port: PORT }), true);
    assert.equal(allowed(`192.168.7.6:${PORT}`, { bindHost: '192.168.7.5', port: PORT }), false);
    assert.equal(allowed(`[fd00::5]:${PORT}`, { bindHost: 'FD00::5', port: PORT }), true);
    assert.equal(allowed(`[fd00::6]:${PORT}`, { bindHost: 'fd00::5', port: PORT }), false);
    assert.equal(allowed(`[::1]:${PORT}`, { bindHost: '::1', port: PORT }), true);
  });

  it('on all interfaces accepts the machine addresses, not other names', () => {
    const all: HostPolicy = { bindHost: '0.0.0.0', port: PORT };
    const own = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
    for (const info of own) {
      const name = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      assert.equal(allowed(`${name}:${PORT}`, all), true, name);
      assert.equal(allowed(`${name}:${PORT + 1}`, all), false, name);
    }
    assert.equal(allowed(`evil.example:${PORT}`, all), false);
    assert.equal(allowed(`203.0.113.9:${PORT}`, { bindHost: '::', port: PORT }), false);
  });

  it('accepts allowed names: without a port at any port, with a port only there', () => {
    const policy: HostPolicy = { ...loopback, allowed: ['abc.ngrok.app', 'Tunnel.Example:8443', '[fd00::1]:9999', 'fd00::2'] };
    assert.equal(allowed('abc.ngrok.app', policy), true);
    assert.equal(allowed('abc.ngrok.app:443', policy), true);
    assert.equal(allowed('ABC.ngrok.app:8080', policy), true);
    assert.equal(allowed('tunnel.example:8443', policy), true);
    assert.equal(allowed('tunnel.example:443', policy), false);
    assert.equal(allowed('tunnel.example', policy), false);
    assert.equal(allowed('[fd00::1]:9999', policy), true);
    assert.equal(allowed('[fd00::1]:9998', policy), false);
    assert.equal(allowed('[fd00::2]:1234', policy), true, 'a bare IPv6 entry is an address without a port');
    assert.equal(allowed('xabc.ngrok.app', policy), false);
    assert.equal(allowed('abc.ngrok.app.evil.example', policy), false);
    assert.equal(allowed(`127.0.0.1:${PORT}`, policy), true, 'its own address still works');
  });
});
