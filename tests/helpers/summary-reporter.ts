import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends every run with a plain "N passed, N failed, N skipped" line, for CI logs and tools. A test
 * file that failed outside its tests (a throwing beforeAll, an import error) counts as a failure:
 * its tests only show as skipped.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      const failedTests = [...module.children.allTests("failed")].length;
      if (module.state() === "failed" && failedTests === 0) count.failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") count.passed++;
        else if (state === "failed") count.failed++;
        else count.skipped++;
      }
    }
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
