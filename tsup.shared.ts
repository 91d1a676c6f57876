// One build recipe for every publishable package: ESM + CJS + .d.ts, unminified (consumers
// minify), externals left to the consumer's bundler. Source maps carry their sources
// (sourcesContent), since src/ is not published.
import type { Options } from 'tsup';

export function libraryBuild(entry: Record<string, string> | string[] = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    splitting: false,
  };
}
