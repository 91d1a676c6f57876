import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared';

// A Node server: node: built-ins, and `shims` so the CJS build has import.meta.url (the bundled
// specs are read from dist/specs next to the module). The CLI ships as ESM only. The test harness
// is its own entry (`@pandapon/sandbox/testing`) so the main entry holds only the server.
export default defineConfig([
  {
    ...libraryBuild({ index: 'src/index.ts', testing: 'src/testing.ts' }),
    platform: 'node',
    shims: true,
  },
  {
    ...libraryBuild({ cli: 'src/cli.ts' }),
    format: ['esm'],
    dts: false,
    clean: false,
    platform: 'node',
  },
]);
