#!/usr/bin/env node
// The `pandapon-sandbox` command. A committed file rather than the build output, so that
// `pnpm install` in a fresh clone can link the bin before anything is built; it runs the built
// CLI (dist/cli.js), which every published tarball carries.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'pandapon-sandbox: dist/cli.js is missing; build the package first ' +
      '(npx -y pnpm@10.34.8 --filter @pandapon/sandbox build).',
  );
  process.exit(1);
}
await import(cli.href);
