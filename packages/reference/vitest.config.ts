import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared';

export default defineConfig({
  test: {
    ...sharedTestOptions,
    // A browser walks every operation route of a page; on a busy 2-core machine that can take
    // minutes.
    testTimeout: 180_000,
  },
});
