// Scenarios in one file build on each other in one workbench: after the first failure the rest are skipped
// (pending), not failed in a chain, and the failed one keeps the workbench's screenshot and logs.

export interface ScenarioChain {
  /** A check whose failure leaves the workbench as the next scenarios expect: they still run after it. */
  nonBlocking(title: string): string;
}

export function chainScenarios(markFailed: () => void): ScenarioChain {
  /** The first scenario that failed: the later ones build on it. */
  let brokenBy: string | undefined;
  const nonBlocking = new Set<string>();

  beforeEach(function () {
    if (brokenBy !== undefined) {
      console.log(`      (skipping the next scenario: it builds on "${brokenBy}", which failed)`);
      this.skip();
    }
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      markFailed();
      if (!nonBlocking.has(this.currentTest.title)) brokenBy ??= this.currentTest.title;
    }
  });

  return {
    nonBlocking(title) {
      nonBlocking.add(title);
      return title;
    },
  };
}
