import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'zipwhip-webhooks.zipwhip-webhooks';

describe('extension smoke', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers the zipwhip.refresh command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('zipwhip.refresh'), 'zipwhip.refresh is not registered');
  });
});
