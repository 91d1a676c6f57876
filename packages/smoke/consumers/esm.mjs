// An ESM-only consumer: imports every publishable package by name, exactly as an app would,
// then runs the shared smoke checks (checks.cjs) on them. Run as a plain script (node, deno or
// bun) from packages/smoke; prints one "ok" line per check and exits non-zero on a failure.
import * as alibaba from '@pandapon/alibaba';
import * as callbacks from '@pandapon/callbacks';
import * as clientCore from '@pandapon/client-core';
import * as foundations from '@pandapon/foundations';
import * as logistics from '@pandapon/logistics';
import * as sandbox from '@pandapon/sandbox';
import * as sdk from '@pandapon/sdk';
import * as signing from '@pandapon/signing';
import * as taobao from '@pandapon/taobao';
import checks from './checks.cjs';

checks.runSmoke({
  format: 'esm',
  modules: {
    '@pandapon/alibaba': alibaba,
    '@pandapon/callbacks': callbacks,
    '@pandapon/client-core': clientCore,
    '@pandapon/foundations': foundations,
    '@pandapon/logistics': logistics,
    '@pandapon/sandbox': sandbox,
    '@pandapon/sdk': sdk,
    '@pandapon/signing': signing,
    '@pandapon/taobao': taobao,
  },
  // The "import" condition must win: each package's ESM build.
  resolve: (name) => import.meta.resolve(name),
  entry: /\/dist\/index\.js$/,
});
