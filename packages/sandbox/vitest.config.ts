import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared';

export default defineConfig({
  test: {
    ...sharedTestOptions,
    // A time-limit test collects garbage all along (globalThis.gc): in Node 20 a collected
    // AbortSignal.timeout never fires (nodejs/node#57736), which hung a request.
    execArgv: ['--expose-gc'],
  },
});
