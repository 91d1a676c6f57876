// Size budgets of the publishable packages: what a consumer's bundle grows by when it imports
// the named exports from the ESM build, minified (esbuild) and brotli-compressed. Workspace and
// npm dependencies are bundled in (a platform client's figure includes client-core,
// signing and openapi-fetch). `pnpm size` after `pnpm build`; under turbo, the root task
// `//#size` builds the packages first.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

function entry(pkg, imports, limit, note) {
  const path = `packages/${pkg}/dist/index.js`;
  // size-limit's own message for a missing file is "Could not resolve /…/undefined".
  if (!existsSync(join(__dirname, path))) {
    throw new Error(`${path} is missing: build first (pnpm build, or pnpm size via turbo).`);
  }
  return {
    name: `@pandapon/${pkg} — ${note}`,
    path,
    import: imports === '*' ? '*' : `{ ${imports.join(', ')} }`,
    limit,
  };
}

module.exports = [
  entry('signing', ['createSigningMiddleware', 'sign'], '2 kB', 'sign + middleware'),
  entry('signing', ['verifyCallbackSignature'], '2 kB', 'callback verification'),
  entry('client-core', ['createPlatformClient'], '8 kB', 'createPlatformClient'),
  entry('taobao', ['createTaobaoClient'], '8 kB', 'createTaobaoClient'),
  entry('alibaba', ['createAlibabaClient'], '8 kB', 'createAlibabaClient'),
  entry('foundations', ['createFoundationsClient'], '8 kB', 'createFoundationsClient'),
  entry('logistics', ['createLogisticsClient'], '8 kB', 'createLogisticsClient'),
  entry('sdk', ['createPandaPon'], '12 kB', 'createPandaPon (all four clients)'),
  entry('callbacks', ['createCallbackHandler'], '4 kB', 'createCallbackHandler'),
  entry('callbacks', '*', '6 kB', 'everything'),
];
