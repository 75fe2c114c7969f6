import * as assert from 'node:assert/strict';
import { runSteps, type StepPosition } from '../../src/prompts/multiStep';
import { BACK } from '../../src/prompts/prompter';

describe('multi-step prompts', () => {
  it('counts only the steps that apply, skips the others both ways, and keeps answers on Back', async () => {
    const seen: string[] = [];
    const script: (string | typeof BACK)[] = ['forward', 'http://h/', BACK, BACK, 'capture', '0'];
    const answer = (name: string, position: StepPosition): string | typeof BACK => {
      const next = script.shift();
      seen.push(`${name} ${position.step}/${position.totalSteps}${position.canGoBack ? ' back' : ''}`);
      if (next === undefined) throw new Error('the script ran out');
      return next;
    };
    const result = await runSteps<{ mode?: string; handler?: string; port?: string }>({}, [
      (state, position) => {
        const a = answer('mode', position);
        return Promise.resolve(a === BACK ? BACK : { ...state, mode: a });
      },
      {
        when: (state) => state.mode === 'forward',
        step: (state, position) => {
          const a = answer('handler', position);
          return Promise.resolve(a === BACK ? BACK : { ...state, handler: a });
        },
      },
      (state, position) => {
        const a = answer('port', position);
        return Promise.resolve(a === BACK ? BACK : { ...state, port: a });
      },
    ]);
    assert.deepEqual(seen, ['mode 1/2', 'handler 2/3 back', 'port 3/3 back', 'handler 2/3 back', 'mode 1/3', 'port 2/2 back']);
    assert.deepEqual(result, { mode: 'capture', handler: 'http://h/', port: '0' });
  });
});
