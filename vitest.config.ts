import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    globalSetup: ["./tests/helpers/build-cli-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's default is one worker per core less one: a single worker on CI's 2 cores, idle
    // whenever its file waits on a child process (the CLI, sst build, Chromium) or a local server.
    // Two files at a time keep both cores busy there; bigger machines keep vitest's default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
