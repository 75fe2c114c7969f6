import * as assert from 'node:assert/strict';
import { editablePayload, payloadProblem, payloadRequest } from '../../src/deliveries/payloadRequest';

const BIG = '1327295480212647936';

describe('an edited payload as a request', () => {
  it('edits a JSON body re-indented with the big id exact', () => {
    const text = editablePayload({ method: 'POST', path: '/in', body: `{"id":${BIG},"body":"hi"}`, isText: true, size: 30 });
    assert.match(text, new RegExp(`"id": ${BIG}`));
    assert.match(text, /\n {2}"body": "hi"/);
  });

  it("edits a GET capture's query fields as an object, digits as exact numbers", () => {
    const text = editablePayload({
      method: 'GET',
      path: `/in?id=${BIG}&body=Hello%20World&read=false&cc=`,
      body: '',
      isText: true,
      size: 0,
    });
    assert.equal(text.replace(/\s+/g, ''), `{"id":${BIG},"body":"HelloWorld","read":false,"cc":null}`);
  });

  it('sends the text as written: POST in the body, GET as the query, content-type dropped for GET', () => {
    const text = `{\n  "id": ${BIG},\n  "statusCode": 4\n}`;
    const headers: [string, string][] = [
      ['Content-Type', 'application/json;charset=UTF-8'],
      ['Host', 'x'],
      ['User-Agent', 'UA'],
      ['Content-Length', '5'],
    ];
    const post = payloadRequest(text, 'POST', 'http://127.0.0.1:3000/in', headers);
    assert.equal(Buffer.from(post.body ?? '').toString('utf8'), text);
    assert.deepEqual(post.headers, { 'Content-Type': 'application/json;charset=UTF-8', 'User-Agent': 'UA' });
    const get = payloadRequest(text, 'GET', 'http://127.0.0.1:3000/in', headers);
    assert.equal(get.body, undefined);
    assert.equal(get.url, `http://127.0.0.1:3000/in?id=${BIG}&statusCode=4`);
    assert.deepEqual(get.headers, { 'User-Agent': 'UA' });
  });

  it('refuses text that is not a JSON object, saying why', () => {
    assert.match(payloadProblem('{"id": 1,}') ?? '', /not valid JSON/);
    assert.match(payloadProblem('[1]') ?? '', /JSON object/);
    assert.equal(payloadProblem('{"id": 1}'), undefined);
    assert.throws(() => payloadRequest('nope', 'POST', 'http://h/', []), /not valid JSON/);
  });
});
