import * as assert from 'node:assert/strict';
import type { Webhook } from '../../src/model/webhook';
import type { LineRecord } from '../../src/auth/lineRecord';
import { eventNodes, eventRow, groupByEvent, hookRow, hooksForEvent, lineRow, rowId } from '../../src/views/treeModel';

const line: LineRecord = {
  id: 'https://api.zipwhip.com/|377265507',
  server: 'https://api.zipwhip.com/',
  deviceId: '377265507',
  label: '4257772300',
};
const hooks: Webhook[] = [
  { webhookId: '1327295480212647936', type: 'message', event: 'receive', url: 'https://example.com/in', method: 'POST' },
  { webhookId: '2', type: 'message', event: 'receive', url: 'http://example.com/plain', method: 'GET' },
  { webhookId: '3', type: 'optout', event: 'change', url: 'https://example.com/stop', method: 'PUT' },
];

describe('tree mapping', () => {
  it('always lists the six events, in order, whatever is installed', () => {
    const labels = eventNodes(line).map((n) => `${n.spec.type}:${n.spec.event}`);
    assert.deepEqual(labels, ['message:receive', 'message:send', 'message:progress', 'message:read', 'message:delete', 'optout:change']);
  });

  it('counts hooks per event and marks empty events plainly', () => {
    const [receive, send] = eventNodes(line);
    assert.ok(receive?.kind === 'event' && send?.kind === 'event');
    const full = eventRow(line, receive.spec, hooksForEvent(hooks, receive.spec));
    assert.equal(full.label, 'receive');
    assert.equal(full.description, 'message · 2 hooks');
    assert.equal(full.contextValue, 'event');
    const empty = eventRow(line, send.spec, hooksForEvent(hooks, send.spec));
    assert.equal(empty.description, 'message · no hooks');
    assert.equal(empty.contextValue, 'event.empty');
    assert.equal(empty.collapsible, 'none');
    assert.notEqual(
      empty.id,
      eventRow(line, send.spec, [{ webhookId: '9', type: 'message', event: 'send', url: 'https://e.x/', method: 'POST' }]).id,
      'its first hook makes it a new, expanded row',
    );
    assert.deepEqual(
      hooksForEvent(hooks, { type: 'optout', event: 'change' }).map((h) => h.webhookId),
      ['3'],
    );
    assert.deepEqual(
      [...groupByEvent(hooks)].map(([key, group]) => [key, group.map((h) => h.webhookId)]),
      [
        ['message:receive', ['1327295480212647936', '2']],
        ['optout:change', ['3']],
      ],
    );
  });

  it('labels a hook by URL with the method as description and every field in the tooltip', () => {
    const row = hookRow(line, hooks[0] as Webhook);
    assert.equal(row.label, 'https://example.com/in');
    assert.equal(row.description, 'POST');
    for (const field of ['https://example.com/in', 'POST', 'message', 'receive', '1327295480212647936'])
      assert.ok(row.tooltip.includes(field), field);
    assert.equal(row.icon, 'link');
    assert.equal(row.contextValue, 'hook');
  });

  it('warns with its icon when a hook URL is not HTTPS', () => {
    const row = hookRow(line, hooks[1] as Webhook);
    assert.equal(row.icon, 'warning');
    assert.ok(row.iconColor);
    assert.match(row.tooltip, /HTTPS is recommended/);
  });

  it('gives stable ids that do not depend on position or content', () => {
    assert.equal(rowId.hook(line, hooks[0] as Webhook), `hook/${line.id}/1327295480212647936`);
    assert.equal(hookRow(line, { ...(hooks[0] as Webhook), url: 'https://changed.example/' }).id, rowId.hook(line, hooks[0] as Webhook));
    assert.notEqual(rowId.event(line, { type: 'message', event: 'receive' }), rowId.event(line, { type: 'message', event: 'send' }));
  });

  it('marks the sandbox line as such', () => {
    const sandbox = lineRow(line, { sandbox: true, server: 'http://127.0.0.1:9/', hookCount: 3 });
    assert.equal(sandbox.description, 'Sandbox · 3 hooks');
    assert.equal(sandbox.contextValue, 'line.sandbox');
    const real = lineRow(line, { sandbox: false, server: 'https://api.zipwhip.com/' });
    assert.equal(real.description, 'api.zipwhip.com');
    assert.equal(real.contextValue, 'line');
  });
});
