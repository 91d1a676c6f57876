import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Each test spawns a runtime that starts the sandbox: allow for a busy machine.
  test: { include: ['test/**/*.test.ts'], testTimeout: 90_000 },
});
