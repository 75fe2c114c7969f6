'use strict';
// Mocha reporter for the unit stage of test/scripts/test.mjs: mocha's usual "spec" output on screen, plus the
// counts written to $ZIPWHIP_TEST_RESULTS as {passed, failed, pending, failures: [{title, error}]}.
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const results = { passed: 0, failed: 0, pending: 0, failures: [] };
    runner.on(EVENT_TEST_PASS, () => {
      results.passed++;
    });
    runner.on(EVENT_TEST_PENDING, () => {
      results.pending++;
    });
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: (err && (err.stack || err.message)) || String(err) });
    });
    runner.once(EVENT_RUN_END, () => {
      const target = process.env.ZIPWHIP_TEST_RESULTS;
      if (!target) return;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, JSON.stringify(results, null, 2) + '\n');
    });
  }
}

module.exports = ResultsReporter;
