import * as assert from 'node:assert/strict';
import { generatePayload } from '../../src/deliveries/payloads';
import { maskPhone } from '../../src/privacy/mask';
import type { Capture } from '../../src/receiver/captureStore';
import { fixtureFromCapture, fixtureText, loadFixtureText, runFixture } from '../../src/scenarios/fixture';
import { startRecordingServer, type RecordingServer } from './helpers/recordingServer';

const payload = generatePayload({ type: 'message', event: 'receive', otherParty: '+12065550100', body: 'Meet me at 5', seed: 9 });
const capture: Capture = {
  id: 'x-1',
  receivedAt: '2026-12-02T10:00:00.000Z',
  method: 'POST',
  path: '/zipwhip/message/receive',
  headers: [
    ['Host', '127.0.0.1:8787'],
    ['Content-Type', 'application/json;charset=UTF-8'],
    ['Authorization', 'Bearer s3cret'],
    ['Cookie', 'sid=1'],
    ['User-Agent', 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)'],
  ],
  body: payload.json,
  isText: true,
  size: payload.json.length,
  truncated: false,
  event: 'message:receive',
  eventFrom: 'path',
  forwards: [{ target: 'http://h/', url: 'http://h/', status: 202, totalMs: 4 }],
};

describe('test fixtures (Save as Test)', () => {
  let handler: RecordingServer | undefined;
  afterEach(async () => {
    await handler?.close();
    handler = undefined;
  });

  it('masks numbers and text by default, keeps the id exact, drops credentials, expects what the handler answered', () => {
    const fixture = fixtureFromCapture(capture, { name: 'receive' });
    const text = fixtureText(fixture);
    assert.ok(!text.includes('2065550100'), 'the phone number is masked');
    assert.ok(text.includes(maskPhone('+12065550100')), 'with its consistent mask');
    assert.ok(!text.includes('Meet me at 5'), 'the text is masked');
    assert.ok(text.includes(payload.messageId), 'the id above 2^53 is exact');
    assert.ok(!/s3cret|sid=1|Host/.test(text), 'no credentials and no hop-by-hop headers');
    assert.deepEqual(fixture.expect, { status: 202 });
    assert.equal(loadFixtureText(text).fixture?.request.body, fixture.request.body, 'the file reads back');
    assert.ok(fixtureText(fixtureFromCapture(capture, { name: 'r', keepText: true })).includes('Meet me at 5'));
    assert.match(loadFixtureText('{"request":{}}').problem ?? '', /request\.method|expect/);
  });

  it('replays the request byte for byte and judges the answer, passing at 200 and failing at 500', async () => {
    let status = 200;
    handler = await startRecordingServer((_req, res) => res.writeHead(status).end('{"ok":true}'));
    const fixture = fixtureFromCapture(capture, { name: 'receive', bodyContains: '"ok":true' });
    const pass = await runFixture({ ...fixture, expect: { status: '2xx', bodyContains: '"ok":true' } }, handler.url, { timeoutMs: 5000 });
    assert.equal(pass.passed, true, pass.problems.join('; '));
    assert.equal(handler.seen[0]?.url, '/zipwhip/message/receive');
    assert.equal(handler.seen[0].body.toString('utf8'), fixture.request.body);
    assert.equal(handler.seen[0].headers['user-agent'], 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)');
    status = 500;
    const fail = await runFixture({ ...fixture, expect: { status: '2xx' } }, handler.url, { timeoutMs: 5000 });
    assert.equal(fail.passed, false);
    assert.deepEqual(fail.problems, ['expected 2xx, got 500']);
  });
});
