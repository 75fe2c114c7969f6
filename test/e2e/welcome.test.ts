import * as assert from 'node:assert/strict';
import { Workbench } from './workbench';

describe('Zipwhip view, signed out', function () {
  let wb: Workbench | undefined;

  before(async function () {
    wb = await Workbench.start({ name: 'welcome' });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') wb?.markFailed();
  });

  after(async function () {
    await wb?.dispose();
  });

  it('shows the welcome content: Zipwhip ended, "Start Sandbox" first, then "Sign In"', async function () {
    assert.ok(wb);
    await wb.openView('Zipwhip');
    const pane = wb.viewPane('Webhooks');
    await pane.waitFor({ state: 'visible' });
    await wb.welcomeButton('Sign In').waitFor({ state: 'visible' });
    await wb.welcomeButton('Start Sandbox').waitFor({ state: 'visible' });
    await pane.locator('.welcome-view-content', { hasText: /ended on 2022-12-01/ }).waitFor({ state: 'visible' });
    await wb.screenshot('welcome-signed-out');
  });
});
