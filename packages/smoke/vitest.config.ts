import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared';

export default defineConfig({
  // Each test spawns a runtime that starts the sandbox: allow for a busy machine.
  test: { ...sharedTestOptions, testTimeout: 90_000 },
});
