// Settings every package's vitest config starts from.
import type { ViteUserConfig } from 'vitest/config';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * Hang guards, not timing assertions: CI runs every package's suite on one shared 2-core
 * machine, where a 100k-nonce loop or a spawned CLI can take far longer than vitest's 5 s
 * default without anything being wrong. A test that truly hangs still fails.
 */
export const sharedTestOptions: TestOptions = {
  include: ['test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

/** For packages with type-level tests: test/*.test-d.ts run through tsc during `vitest run`. */
export const withTypeTests: TestOptions = {
  ...sharedTestOptions,
  typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
};
