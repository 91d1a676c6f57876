import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.shared';

// cli-main is the `pandapon` command (bin/pandapon.js loads it); index is the library.
export default defineConfig(libraryBuild({ index: 'src/index.ts', 'cli-main': 'src/cli-main.ts' }));
