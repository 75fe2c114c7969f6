import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES_VIEW_ID, COMMAND_TITLES, COMMANDS, CONTEXT, SETTINGS, settingKey, VIEW_ID, type SettingName } from '../../src/constants';

interface Manifest {
  main: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited' }; virtualWorkspaces?: boolean | { supported: boolean } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, { scope?: string; default?: unknown }> };
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.commands.map((c) => c.command).sort();
const known: string[] = Object.values(COMMANDS).sort();
const viewIds = new Set([VIEW_ID, CAPTURES_VIEW_ID]);

/** Every `when` clause of the manifest: menus and welcome content. */
function whenClauses(): string[] {
  return [
    ...Object.values(manifest.contributes.menus).flatMap((items) => items.map((item) => item.when ?? '')),
    ...manifest.contributes.viewsWelcome.map((w) => w.when),
  ];
}

describe('package.json manifest', () => {
  it('declares exactly the commands the code defines', () => {
    assert.deepEqual(declared, known);
  });

  it('gives every command the Zipwhip category and the title the code uses', () => {
    for (const command of manifest.contributes.commands) {
      assert.equal(command.category, 'Zipwhip', command.command);
      assert.equal(command.title, COMMAND_TITLES[command.command as keyof typeof COMMAND_TITLES], command.command);
    }
  });

  it('reads only context keys the code sets', () => {
    const keys: string[] = Object.values(CONTEXT);
    const used = new Set(whenClauses().flatMap((when) => [...when.matchAll(/\bzipwhip\.[\w.]+/g)].map((m) => m[0])));
    for (const key of used) {
      if (viewIds.has(key)) continue;
      assert.ok(keys.includes(key), `the when clause key ${key} is not in CONTEXT`);
    }
    for (const key of keys) assert.ok(used.has(key), `CONTEXT.${key} is read by no when clause`);
  });

  it('only references declared commands from menus and welcome content', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(known.includes(item.command), `${menu}: ${item.command}`);
    }
    for (const welcome of manifest.contributes.viewsWelcome) {
      for (const match of welcome.contents.matchAll(/command:([\w.]+)/g)) assert.ok(known.includes(match[1] ?? ''), match[1]);
      assert.ok(viewIds.has(welcome.view), welcome.view);
      if (welcome.view === VIEW_ID) assert.ok(welcome.when.includes(CONTEXT.viewState), welcome.when);
    }
  });

  it('contributes the Webhooks and Deliveries views and the welcome states', () => {
    assert.deepEqual(
      manifest.contributes.views.zipwhip?.map((v) => [v.id, v.name]),
      [
        [VIEW_ID, 'Webhooks'],
        [CAPTURES_VIEW_ID, 'Deliveries'],
      ],
    );
    const states = manifest.contributes.viewsWelcome
      .filter((w) => w.view === VIEW_ID)
      .map((w) => w.when)
      .join(' ');
    for (const state of ['signedOut', 'loading', 'loadFailed']) assert.ok(states.includes(state), state);
  });

  it('says in the signed-out welcome that Zipwhip ended, and offers the sandbox first', () => {
    const signedOut = manifest.contributes.viewsWelcome.find((w) => w.view === VIEW_ID && w.when.includes('signedOut'));
    assert.ok(signedOut);
    assert.match(signedOut.contents, /ended on 2022-12-01/);
    assert.ok(signedOut.contents.indexOf('command:zipwhip.startSandbox') < signedOut.contents.indexOf('command:zipwhip.signIn'));
  });

  it('declares exactly the settings the code reads', () => {
    const props = Object.keys(manifest.contributes.configuration.properties).sort();
    const names = Object.keys(SETTINGS).filter((name): name is SettingName => name !== 'section');
    assert.deepEqual(props, names.map(settingKey).sort());
  });

  it('keeps the API base URL out of workspace settings', () => {
    const props = manifest.contributes.configuration.properties;
    assert.ok(['machine', 'application'].includes(props[settingKey('apiBaseUrl')]?.scope ?? ''));
    assert.equal(props[settingKey('apiBaseUrl')]?.default, 'https://api.zipwhip.com/');
  });

  it('declares how it behaves in untrusted and virtual workspaces', () => {
    assert.ok(manifest.capabilities?.untrustedWorkspaces, 'untrustedWorkspaces is declared');
    assert.ok(manifest.capabilities.virtualWorkspaces !== undefined, 'virtualWorkspaces is declared');
  });

  it('does not use @types/vscode newer than engines.vscode', () => {
    const engine = /(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    const types = /(\d+)\.(\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '');
    assert.ok(engine && types);
    assert.ok(Number(types[1]) * 1000 + Number(types[2]) <= Number(engine[1]) * 1000 + Number(engine[2]));
  });
});
