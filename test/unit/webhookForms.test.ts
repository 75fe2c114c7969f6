import * as assert from 'node:assert/strict';
import { HOOK_EVENTS, type Webhook } from '../../src/model/webhook';
import { promptAddWebhook, promptEditWebhook } from '../../src/prompts/webhookForms';
import type { InputRequest, PickRequest } from '../../src/prompts/prompter';
import { BACK, byLabel, ESC, ScriptedPrompter } from '../support/scriptedPrompter';

const lines = [
  { line: 'A', label: 'Line A' },
  { line: 'B', label: 'Line B' },
];

describe('add webhook form', () => {
  it('asks line, event, URL and method as steps 1 to 4, with POST preselected', async () => {
    const prompter = new ScriptedPrompter([
      { kind: 'pick', answer: byLabel('Line B') },
      { kind: 'pick', answer: byLabel('progress') },
      { kind: 'input', answer: 'https://example.com/progress' },
      {
        kind: 'pick',
        answer: byLabel('PUT'),
        expect: (r) => {
          assert.equal(r.active, 'POST');
        },
      },
    ]);
    const result = await promptAddWebhook(prompter, { lines, urlsFor: () => [] });
    assert.equal(result.line, 'B');
    assert.equal(result.event.event, 'progress');
    assert.equal(result.url, 'https://example.com/progress');
    assert.equal(result.method, 'PUT');
    assert.deepEqual(
      prompter.asked.map((r) => ('step' in r ? `${r.step}/${r.totalSteps}` : '')),
      ['1/4', '2/4', '3/4', '4/4'],
    );
    assert.equal(prompter.remaining, 0);
  });

  it('does not ask for the line when there is only one, nor the event when it is given', async () => {
    const optout = HOOK_EVENTS[5];
    const prompter = new ScriptedPrompter([
      { kind: 'input', answer: 'https://example.com/stop' },
      { kind: 'pick', answer: byLabel('POST') },
    ]);
    const result = await promptAddWebhook(prompter, { lines: [{ line: 'only', label: 'Only' }], event: optout, urlsFor: () => [] });
    assert.deepEqual([result.line, result.event.type, result.event.event, result.method], ['only', 'optout', 'change', 'POST']);
    assert.equal((prompter.asked[0] as InputRequest).totalSteps, 2);
  });

  it('goes Back to the previous step and keeps what was typed', async () => {
    const prompter = new ScriptedPrompter([
      { kind: 'pick', answer: byLabel('Line A') },
      { kind: 'pick', answer: byLabel('receive') },
      { kind: 'input', answer: 'https://example.com/first' },
      { kind: 'pick', answer: () => BACK },
      {
        kind: 'input',
        answer: BACK,
        expect: (r) => {
          assert.equal(r.value, 'https://example.com/first');
        },
      },
      {
        kind: 'pick',
        answer: byLabel('read'),
        expect: (r) => {
          assert.equal(r.canGoBack, true);
          assert.equal((r.active as { event: string }).event, 'receive');
        },
      },
      {
        kind: 'input',
        answer: 'https://example.com/read',
        expect: (r) => {
          assert.equal(r.value, 'https://example.com/first');
        },
      },
      { kind: 'pick', answer: byLabel('POST') },
    ]);
    const result = await promptAddWebhook(prompter, { lines, urlsFor: () => [] });
    assert.equal(prompter.remaining, 0);
    assert.equal(result.event.event, 'read');
    assert.equal(result.url, 'https://example.com/read');
  });

  it('warns about a URL already installed for that event on that line', async () => {
    const seen: { request?: InputRequest } = {};
    const prompter = new ScriptedPrompter([
      {
        kind: 'input',
        answer: 'https://example.com/dup',
        expect: (r) => {
          seen.request = r;
        },
      },
      { kind: 'pick', answer: byLabel('POST') },
    ]);
    await promptAddWebhook(prompter, {
      lines: [{ line: 'A', label: 'A' }],
      event: HOOK_EVENTS[0],
      urlsFor: (line, event) => (line === 'A' && event.event === 'receive' ? ['https://example.com/dup'] : []),
    });
    const validate = seen.request?.validate;
    assert.ok(validate);
    assert.equal(validate('https://example.com/dup')?.severity, 'warning');
    assert.equal(validate('https://example.com/other'), undefined);
  });

  it('rejects with a cancellation when the user presses Esc', async () => {
    const prompter = new ScriptedPrompter([{ kind: 'pick', answer: () => ESC }]);
    await assert.rejects(promptAddWebhook(prompter, { lines, urlsFor: () => [] }), { name: 'PromptCancelledError' });
  });
});

describe('edit webhook form', () => {
  const hook: Webhook = { webhookId: '9', type: 'message', event: 'send', url: 'https://example.com/old', method: 'PUT' };

  it('prefills the URL and the current method', async () => {
    const prompter = new ScriptedPrompter([
      {
        kind: 'input',
        answer: 'https://example.com/new',
        expect: (r) => {
          assert.equal(r.value, 'https://example.com/old');
          assert.equal(r.step, 1);
          assert.equal(r.totalSteps, 2);
        },
      },
      {
        kind: 'pick',
        answer: byLabel('GET'),
        expect: (r: PickRequest<unknown>) => {
          assert.equal(r.active, 'PUT');
        },
      },
    ]);
    assert.deepEqual(await promptEditWebhook(prompter, hook, []), { url: 'https://example.com/new', method: 'GET' });
  });
});
