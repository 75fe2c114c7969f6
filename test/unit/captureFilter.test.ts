import * as assert from 'node:assert/strict';
import type { Capture } from '../../src/receiver/captureStore';
import type { ForwardResult } from '../../src/receiver/forwarder';
import { captureOutcome, describeFilter, isFilterActive, matchesFilter } from '../../src/views/captureFilter';
import { captureRow } from '../../src/views/captureRows';

function capture(overrides: Partial<Capture> = {}): Capture {
  return {
    id: 'c-1',
    receivedAt: '2026-12-02T10:00:00.000Z',
    method: 'POST',
    path: '/zipwhip/message/receive',
    headers: [
      ['Content-Type', 'application/json'],
      ['User-Agent', 'Apache-HttpClient/4.5.7'],
    ],
    body: '{"body":"STOP please","id":1327295480212647936}',
    isText: true,
    size: 48,
    truncated: false,
    event: 'message:receive',
    eventFrom: 'path',
    ...overrides,
  };
}
const ok: ForwardResult = { target: 'http://h/in', url: 'http://h/in', status: 200, totalMs: 12.4 };
const boom: ForwardResult = { target: 'http://h/in', url: 'http://h/in', status: 500, totalMs: 3 };
const refused: ForwardResult = {
  target: 'http://h/b',
  url: 'http://h/b',
  totalMs: 1,
  failure: { kind: 'refused', message: 'connect ECONNREFUSED' },
};

describe('the Deliveries view filter', () => {
  it('tells the outcome of a capture from its forwards', () => {
    assert.equal(captureOutcome(capture()), 'not forwarded');
    assert.equal(captureOutcome(capture({ forwarding: 'pending' })), 'pending');
    assert.equal(captureOutcome(capture({ forwards: [ok] })), 'ok');
    assert.equal(captureOutcome(capture({ forwards: [ok, refused] })), 'failed', 'one failed target fails the capture');
    assert.equal(captureOutcome(capture({ forwards: [boom] })), 'failed');
  });

  it('filters by event, method, status class and text; failed only', () => {
    const all = [
      capture({ id: 'a', forwards: [ok] }),
      capture({ id: 'b', forwards: [boom], method: 'PUT', event: 'message:progress' }),
      capture({ id: 'c', forwards: [refused], headers: [['X-Trace', 'abc-123']], body: 'not json', event: undefined }),
      capture({ id: 'd' }),
    ];
    const ids = (filter: Parameters<typeof matchesFilter>[1]): string[] => all.filter((c) => matchesFilter(c, filter)).map((c) => c.id);
    assert.deepEqual(ids({}), ['a', 'b', 'c', 'd']);
    assert.deepEqual(ids({ event: 'message:progress' }), ['b']);
    assert.deepEqual(ids({ event: 'unknown' }), ['c']);
    assert.deepEqual(ids({ method: 'put' }), ['b']);
    assert.deepEqual(ids({ status: '5xx' }), ['b']);
    assert.deepEqual(ids({ status: '2xx' }), ['a']);
    assert.deepEqual(ids({ status: 'failed' }), ['b', 'c']);
    assert.deepEqual(ids({ status: 'not forwarded' }), ['d']);
    assert.deepEqual(ids({ text: 'ABC-1' }), ['c'], 'a header value, any case');
    assert.deepEqual(ids({ text: 'stop' }), ['a', 'b', 'd'], 'the body');
    assert.deepEqual(ids({ failedOnly: true }), ['b', 'c']);
    assert.deepEqual(ids({ failedOnly: true, method: 'POST' }), ['c']);
    assert.equal(isFilterActive({}), false);
    assert.equal(isFilterActive({ text: '' }), false);
    assert.equal(
      describeFilter({ event: 'message:receive', status: '5xx', text: 'STOP', failedOnly: true }),
      'message receive · 5xx · "STOP" · failed only',
    );
  });

  it("marks a failed capture so it stands out, with each handler's status and time", () => {
    const failed = captureRow(capture({ forwards: [boom, refused] }));
    assert.equal(failed.icon, 'error');
    assert.equal(failed.iconColor, 'testing.iconFailed');
    assert.equal(failed.contextValue, 'capture.failed');
    assert.match(failed.description, /^→ 500 · 3 ms, refused · /);
    assert.match(failed.tooltip, /Forwarded to http:\/\/h\/b: failed \(connect ECONNREFUSED\)/);
    const passed = captureRow(capture({ forwards: [ok] }));
    assert.equal(passed.icon, 'pass');
    assert.match(passed.description, /^→ 200 · 12 ms · /);
    assert.equal(captureRow(capture({ forwarding: 'paused' })).description.startsWith('paused · '), true);
  });
});
