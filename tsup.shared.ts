// One build recipe for every publishable package: ESM + CJS + .d.ts, unminified
// (consumers minify), externals left to the consumer's bundler.
import type { Options } from 'tsup';

export function libraryBuild(entry: Record<string, string> | string[] = ['src/index.ts']): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: false,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    splitting: false,
  };
}
