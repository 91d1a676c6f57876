// A CommonJS-only consumer: requires every publishable package by name, exactly as a CJS app
// would, then runs the shared smoke checks (checks.cjs) on them. Run as a plain script (node or
// bun) from packages/smoke; prints one "ok" line per check and exits non-zero on a failure.
'use strict';
const { runSmoke, PACKAGES } = require('./checks.cjs');

runSmoke({
  format: 'cjs',
  modules: Object.fromEntries(PACKAGES.map((name) => [name, require(name)])),
  // The "require" condition must win: each package's CommonJS build.
  resolve: (name) => require.resolve(name),
  entry: /[\\/]dist[\\/]index\.cjs$/,
});
