import * as assert from 'node:assert/strict';
import { ApiError, NetworkError, SessionRejectedError, UnexpectedResponseError } from '../../src/api/errors';
import { describeError } from '../../src/errors/describeError';
import { neutraliseLinks, untrusted } from '../../src/errors/untrustedText';
import { UserFacingError } from '../../src/errors/userFacingError';
import { PromptCancelledError } from '../../src/prompts/prompter';

describe('describeError: the one place errors become words', () => {
  it('keeps quiet about Esc, also for a prompt cancelled in another bundle (brand, not instanceof)', () => {
    assert.equal(describeError(new PromptCancelledError()).silent, true);
    // What another bundle's copy of the class looks like here: a different class with the registered brand.
    const foreign = Object.assign(new Error('The prompt was dismissed.'), { [Symbol.for('zipwhip.prompt.cancelled')]: true });
    assert.equal(describeError(foreign).silent, true);
    assert.equal(describeError(new Error('The prompt was dismissed.')).silent, false, 'a look-alike without the brand is not a cancel');
  });

  it('maps each kind of failure to its action', () => {
    assert.equal(describeError(new SessionRejectedError(403)).action, 'Sign In');
    assert.equal(describeError(new UnexpectedResponseError('odd', 200, 'body: x')).action, 'Show Log');
    assert.equal(describeError(new UnexpectedResponseError('odd', 200, 'body: x')).detail, 'body: x');
    assert.equal(describeError(new NetworkError('refused', 'no')).action, 'Retry');
    assert.equal(describeError(new ApiError('Wrong arguments (code -703)', 400)).action, undefined);
    assert.equal(
      describeError(new ApiError('Quota… (code -1)', 400, -1, 'The server\'s message: "Quota exceeded"')).detail,
      'The server\'s message: "Quota exceeded"',
    );
    assert.equal(describeError(new UserFacingError('gone', 'Start Sandbox')).action, 'Start Sandbox');
  });

  it('shows one line of an unforeseen error and keeps the stack for the log', () => {
    const described = describeError(new TypeError('first line\nsecond line'));
    assert.equal(described.text, 'Something went wrong: first line');
    assert.match(described.detail, /TypeError: first line/);
    assert.equal(described.action, 'Show Log');
  });
});

describe('untrusted text in notifications', () => {
  const hostile =
    'Your session expired. [Sign in again](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%7Csh%5Cn%22%7D)';

  it('breaks up link syntax so no `[label](target)` is left', () => {
    assert.doesNotMatch(neutraliseLinks(hostile), /\]\(/);
    assert.doesNotMatch(neutraliseLinks('[a](command:x) and [b]  (file:///etc)'), /\]\(/);
    assert.match(neutraliseLinks(hostile), /Sign in again\] \(command:/, 'the text itself stays readable');
  });

  it('cuts long text with an ellipsis and flattens control characters', () => {
    const long = untrusted('x'.repeat(100_000));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
    assert.equal(untrusted('a\r\nb\u0000c'), 'a b c');
  });
});
