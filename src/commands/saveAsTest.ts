import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import { answered } from '../prompts/prompter';
import { FIXTURE_FOLDER, FIXTURE_SUFFIX, fixtureFromCapture, fixtureText } from '../scenarios/fixture';
import type { CommandDefinition } from './support/commandContext';
import { pickCapture } from './support/pickCapture';
import { askKeepText } from './support/privacyChoice';
import { safeFileName, workspaceFolder, writeNewFile } from './support/workspaceFile';

/**
 * A capture as a test fixture in `.zipwhip/tests/`: the request, and the answer the handler gave (or any 2xx),
 * optionally a text the answer must contain. Numbers are masked; the text too, unless kept.
 */
export const saveAsTest: CommandDefinition = {
  id: COMMANDS.saveAsTest,
  async run(context, arg) {
    const folder = workspaceFolder('a test');
    const capture = await pickCapture(context, arg, 'Save as Test');
    const title = 'Save as Test';
    const suggested = capture.event ? capture.event.replace(':', '-') : 'request';
    const name = answered(
      await context.prompter().input({
        title,
        step: 1,
        totalSteps: 3,
        prompt: `The test's name (the file is ${FIXTURE_FOLDER}/<name>${FIXTURE_SUFFIX})`,
        value: suggested,
        validate: (value) => (value.trim() === '' ? { severity: 'error', message: 'Enter a name.' } : undefined),
      }),
    ).trim();
    const keepText = await askKeepText(context.prompter(), title, 2, 3);
    const bodyContains = answered(
      await context.prompter().input({
        title,
        step: 3,
        totalSteps: 3,
        prompt: "Text the handler's answer must contain (empty: only the status is checked)",
        value: '',
      }),
    ).trim();
    const fixture = fixtureFromCapture(capture, { name, keepText, ...(bodyContains ? { bodyContains } : {}) });
    const uri = vscode.Uri.joinPath(folder, ...FIXTURE_FOLDER.split('/'), `${safeFileName(name)}${FIXTURE_SUFFIX}`);
    await writeNewFile(uri, fixtureText(fixture));
    context.log.info('tests', `Saved ${capture.method} ${capture.id} as ${vscode.workspace.asRelativePath(uri)}`);
    await context.tests.discover();
  },
};
