import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../vitest.shared';

// Tests of the repository tools in scripts/ (run from the repo root:
// `vitest run --config scripts/vitest.config.ts`).
export default defineConfig({
  test: {
    ...sharedTestOptions,
    root: fileURLToPath(new URL('.', import.meta.url)),
  },
});
