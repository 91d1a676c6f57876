import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A browser walks every operation route of a page; on a busy 2-core machine that can take
    // tens of seconds.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
