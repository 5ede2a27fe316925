import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    globalSetup: ["./tests/helpers/build-cli-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
