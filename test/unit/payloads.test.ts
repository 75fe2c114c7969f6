import * as assert from 'node:assert/strict';
import { HOOK_EVENTS } from '../../src/model/webhook';
import { toGetUrl } from '../../src/deliveries/getUrl';
import { generatePayload, generateProgressSequence, PAYLOAD_HEADERS, toE164, type PayloadShape } from '../../src/deliveries/payloads';
import { parsePayload, type ParsedPayload } from './helpers/payloadSchema';

const NOW = new Date('2020-11-13T17:01:17Z');
const SHAPES: PayloadShape[] = ['2020', '2015'];

/** The documented examples, verbatim (docs/zipwhip-api.md and the 2015 web hooks page). */
const EXAMPLE_2020 = `{
  "body": "Hello World", "bodySize": 11, "address": "ptn:/+12063996756",
  "finalSource": "+12063996756", "finalDestination": "+12068163958", "messageType": "MO",
  "fingerprint": "1514465037", "id": 1327295480212647936, "cc": null, "visible": true, "read": false,
  "bcc": null, "contactId": 14543967707, "scheduledDate": null, "deviceId": 377265507,
  "dateDeleted": null, "messageTransport": 5, "dateDelivered": null, "hasAttachment": false,
  "dateCreated": "2020-11-13T17:01:17Z", "deleted": false, "dateRead": null, "statusCode": 4,
  "messageStatus": 1003
}`;
const EXAMPLE_2015 = `{
  "body":"Thanks for texting, this is an auto reply!", "bodySize":42, "visible":true, "hasAttachment":false,
  "dateRead":null, "bcc":null, "finalDestination":"4257772300", "messageType":"MO", "deleted":false,
  "statusCode":4, "id":634151298329219072, "scheduledDate":null, "fingerprint":"132131532",
  "messageTransport":9, "contactId":3382213402, "address":"ptn:/4257772222", "read":false,
  "dateCreated":"2015-08-19T16:53:45-07:00", "dateDeleted":null, "dateDelivered":null, "cc":null,
  "finalSource":"4257772222", "deviceId":299538202
}`;

function parsed(text: string): ParsedPayload {
  const result = parsePayload(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.payload;
}

describe('payload generator', () => {
  it('writes the exact 2020 text for a seeded message/receive (golden)', () => {
    const { json, headers, messageId } = generatePayload({ type: 'message', event: 'receive', seed: 1, now: NOW });
    assert.equal(
      json,
      '{"body":"Hello World","bodySize":11,"address":"ptn:/+12063996756","finalSource":"+12063996756",' +
        '"finalDestination":"+12068163958","messageType":"MO","fingerprint":"1005471442","id":1327296107286588524,' +
        '"cc":null,"visible":true,"read":false,"bcc":null,"contactId":14544495154,"scheduledDate":null,' +
        '"deviceId":377265507,"dateDeleted":null,"messageTransport":5,"dateDelivered":null,"hasAttachment":false,' +
        '"dateCreated":"2020-11-13T17:01:17Z","deleted":false,"dateRead":null,"statusCode":4,"messageStatus":1003}',
    );
    assert.equal(messageId, '1327296107286588524');
    assert.deepEqual(headers, {
      'Content-Type': 'application/json;charset=UTF-8',
      'User-Agent': 'Apache-HttpClient/4.5.7 (Java/1.8.0_201)',
    });
  });

  it('writes the exact 2015 text: 10-digit numbers, -07:00 dates, transport 9, no messageStatus (golden)', () => {
    const { json, headers } = generatePayload({ type: 'message', event: 'receive', seed: 1, now: NOW, shape: '2015' });
    assert.equal(
      json,
      '{"body":"Hello World","bodySize":11,"visible":true,"hasAttachment":false,"dateRead":null,"bcc":null,' +
        '"finalDestination":"2068163958","messageType":"MO","deleted":false,"statusCode":4,"id":634151925403159660,' +
        '"scheduledDate":null,"fingerprint":"1005471442","messageTransport":9,"contactId":3382740849,' +
        '"address":"ptn:/2063996756","read":false,"dateCreated":"2020-11-13T10:01:17-07:00","dateDeleted":null,' +
        '"dateDelivered":null,"cc":null,"finalSource":"2063996756","deviceId":299538202}',
    );
    assert.equal(headers['User-Agent'], 'Jakarta Commons-HttpClient/3.1');
    assert.equal(headers['Content-Type'], PAYLOAD_HEADERS['2015']['Content-Type']);
  });

  for (const shape of SHAPES) {
    for (const spec of HOOK_EVENTS) {
      it(`${shape}: ${spec.type}/${spec.event} has the event's fields and an exact id above 2^53`, () => {
        const { json, messageId } = generatePayload({ type: spec.type, event: spec.event, shape, seed: 99, now: NOW, line: '4257772300' });
        // The exact digits are in the text; JSON.parse would have changed them.
        assert.ok(BigInt(messageId) > 2n ** 53n);
        assert.ok(json.includes(`"id":${messageId},`), json);
        assert.notEqual(String((JSON.parse(json) as { id: number }).id), messageId);

        const payload = parsed(json);
        assert.equal(payload.id, messageId);
        assert.equal(payload.shape, shape);
        const inbound = spec.event === 'receive' || spec.event === 'read' || spec.type === 'optout' || spec.event === 'delete';
        assert.equal(payload.messageType, inbound ? 'MO' : 'ZO');
        const line = shape === '2020' ? '+14257772300' : '4257772300';
        assert.equal(inbound ? payload.finalDestination : payload.finalSource, line);
        assert.equal(payload.read, spec.event === 'read');
        assert.equal(payload.dateRead !== null, spec.event === 'read');
        assert.equal(payload.deleted, spec.event === 'delete');
        assert.equal(payload.dateDeleted !== null, spec.event === 'delete');
        assert.equal(payload.messageTransport, shape === '2020' ? 5 : 9);
        if (shape === '2020') {
          assert.match(payload.finalSource, /^\+1\d{10}$/);
          assert.match(payload.dateCreated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          assert.equal(payload.messageStatus, 1003);
        } else {
          assert.match(payload.finalSource, /^\d{10}$/);
          assert.match(payload.dateCreated, /-07:00$/);
          assert.ok(!json.includes('messageStatus'));
        }
        if (spec.type === 'optout') assert.equal(payload.body, 'STOP');
        assert.equal(payload.bodySize, (payload.body ?? '').length);
      });
    }
  }

  it('is deterministic for a seed and a clock, and varies with the seed', () => {
    const a = generatePayload({ type: 'message', event: 'send', seed: 5, now: NOW });
    const b = generatePayload({ type: 'message', event: 'send', seed: 5, now: NOW });
    const c = generatePayload({ type: 'message', event: 'send', seed: 6, now: NOW });
    assert.equal(a.json, b.json);
    assert.notEqual(a.messageId, c.messageId);
  });

  it('takes explicit ids, deviceId and a message text, with bodySize following the text', () => {
    const { json } = generatePayload({
      type: 'message',
      event: 'receive',
      messageId: '9223372036854775807',
      deviceId: '377265507',
      body: 'Ça va? 👍',
      now: NOW,
    });
    assert.ok(json.includes('"id":9223372036854775807,'));
    assert.equal(parsed(json).body, 'Ça va? 👍');
    assert.equal(parsed(json).bodySize, 'Ça va? 👍'.length);
    assert.throws(() => generatePayload({ type: 'message', event: 'receive', messageId: '12x' }), RangeError);
  });

  it('marks an outbound delete as ZO when asked', () => {
    const payload = parsed(generatePayload({ type: 'message', event: 'delete', direction: 'outbound', seed: 1, now: NOW }).json);
    assert.equal(payload.messageType, 'ZO');
    assert.equal(payload.deleted, true);
    assert.equal(payload.visible, false);
  });

  it('normalises phone numbers to E.164', () => {
    assert.equal(toE164('4257772300'), '+14257772300');
    assert.equal(toE164('(425) 777-2300'), '+14257772300');
    assert.equal(toE164('14257772300'), '+14257772300');
    assert.equal(toE164('+442071838750'), '+442071838750');
  });
});

describe('progress sequence', () => {
  it('walks 1 → 2 → 4 for one message: same id, delivered date only on the last step', () => {
    const steps = generateProgressSequence({ seed: 3, now: NOW }, 'delivered').map((s) => parsed(s.json));
    assert.deepEqual(
      steps.map((s) => s.statusCode),
      [1, 2, 4],
    );
    assert.equal(new Set(steps.map((s) => s.id)).size, 1);
    assert.equal(new Set(steps.map((s) => s.dateCreated)).size, 1);
    assert.deepEqual(
      steps.map((s) => s.dateDelivered),
      [null, null, '2020-11-13T17:01:17Z'],
    );
    assert.ok(steps.every((s) => s.messageType === 'ZO'));
  });

  it('ends in -1234 for a recipient who sent STOP, and in 5 for a carrier error', () => {
    assert.deepEqual(
      generateProgressSequence({ seed: 3, now: NOW }, 'stop').map((s) => parsed(s.json).statusCode),
      [1, -1234],
    );
    const failed = generateProgressSequence({ seed: 3, now: NOW, shape: '2015' }, 'failed').map((s) => parsed(s.json));
    assert.deepEqual(
      failed.map((s) => s.statusCode),
      [1, 2, 5],
    );
    assert.ok(failed.every((s) => s.dateDelivered === null && s.shape === '2015'));
  });
});

describe('parsePayload', () => {
  it('reads the documented 2020 example with the id exact', () => {
    const payload = parsed(EXAMPLE_2020);
    assert.equal(payload.id, '1327295480212647936');
    assert.equal(payload.contactId, '14543967707');
    assert.equal(payload.shape, '2020');
  });

  it('reads the documented 2015 example with the id exact', () => {
    const payload = parsed(EXAMPLE_2015);
    assert.equal(payload.id, '634151298329219072');
    assert.equal(payload.finalSource, '4257772222');
    assert.equal(payload.messageStatus, undefined);
    assert.equal(payload.shape, '2015');
  });

  it('refuses text that is not JSON, and JSON that is not a message', () => {
    const notJson = parsePayload('<html>');
    assert.equal(notJson.ok, false);
    assert.match(notJson.error, /Not JSON/);
    const notMessage = parsePayload('{"success":true,"response":[]}');
    assert.equal(notMessage.ok, false);
    assert.match(notMessage.error, /messageType/);
  });
});

describe('toGetUrl', () => {
  const json = generatePayload({ type: 'message', event: 'read', seed: 1, now: NOW }).json;

  it('appends the scalar fields to the existing query, ids exact, nulls empty', () => {
    const url = toGetUrl('https://hooks.example/zw/read?token=abc#frag', json);
    assert.ok(url.startsWith('https://hooks.example/zw/read?token=abc&body=Hello%20World&'), url);
    const params = new URL(url).searchParams;
    assert.equal(params.get('token'), 'abc');
    assert.equal(params.get('id'), '1327296107286588524');
    assert.equal(params.get('cc'), '');
    assert.equal(params.get('read'), 'true');
    assert.equal(params.get('address'), 'ptn:/+12063996756');
    assert.ok(!url.includes('#frag'));
  });

  it('starts a query when the URL has none, and skips nested values', () => {
    assert.equal(toGetUrl('http://localhost:3000/in', '{"a":1,"b":{"c":2},"d":[1],"e":null}'), 'http://localhost:3000/in?a=1&e=');
    assert.equal(toGetUrl('http://h/x?', '{"id":9007199254740993}'), 'http://h/x?id=9007199254740993');
    assert.throws(() => toGetUrl('http://h/', '[1]'), TypeError);
  });
});
