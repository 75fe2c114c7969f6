import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, CONTEXT, DELIVERIES_VIEW_ID, VIEW_ID } from '../../src/constants';

interface Manifest {
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.commands.map((c) => c.command).sort();
const known = Object.values(COMMANDS).sort();

describe('package.json manifest', () => {
  it('declares exactly the commands the code defines', () => {
    assert.deepEqual(declared, known);
  });

  it('gives every command the Zipwhip category and a title', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Zipwhip', command.command);
      assert.ok(command.title.length > 0, command.command);
    }
  });

  it('only references declared commands from menus and welcome content', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(known.includes(item.command as never), `${menu}: ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const match of welcome.contents.matchAll(/command:([\w.]+)/g)) assert.ok(known.includes(match[1] as never), match[1]);
      assert.ok([VIEW_ID, DELIVERIES_VIEW_ID].includes(welcome.view), welcome.view);
      if (welcome.view === VIEW_ID) assert.ok(welcome.when.includes(CONTEXT.viewState), welcome.when);
    }
  });

  it('contributes the Webhooks view and the welcome states', () => {
    assert.deepEqual(manifest.contributes.views.zipwhip?.map((v) => v.id), [VIEW_ID, DELIVERIES_VIEW_ID]);
    const states = manifest.contributes.viewsWelcome.filter((w) => w.view === VIEW_ID).map((w) => w.when).join(' ');
    for (const state of ['signedOut', 'loading', 'loadFailed']) assert.ok(states.includes(state), state);
  });

  it('declares the settings the code reads', () => {
    const props = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(props, ['zipwhip.apiBaseUrl', 'zipwhip.deliveries.historyLimit', 'zipwhip.receiver.port', 'zipwhip.requestTimeoutSeconds']);
  });

  it('keeps the API base URL out of workspace settings', () => {
    const props = manifest.contributes.configuration.properties;
    assert.ok(['machine', 'application'].includes(props['zipwhip.apiBaseUrl']?.scope ?? ''));
    assert.equal(props['zipwhip.apiBaseUrl']?.default, 'https://api.zipwhip.com/');
    assert.ok(props['zipwhip.requestTimeoutSeconds']);
  });

  it('does not use @types/vscode newer than engines.vscode', () => {
    const engine = /(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    const types = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '');
    assert.ok(engine && types);
    assert.ok(Number(types[1]) * 1000 + Number(types[2]) <= Number(engine[1]) * 1000 + Number(engine[2]));
  });
});
