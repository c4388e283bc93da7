/**
 * The browser tests: one embedded system (`npm start` on free ports, see e2e/stack.ts) for all files,
 * driven in Debian's Chromium; files run one after another, since they share the chain.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
    sequence: { concurrent: false },
  },
});
