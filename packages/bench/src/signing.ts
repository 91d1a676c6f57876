// (b) Signing alone, with each MD5 implementation @pandapon/signing carries: node:crypto (the
// default wherever it exists) and the pure-JS fallback (browsers, Workers without node compat).
//
// The switch, selectMd5Implementation, is deliberately not part of the package's public entry,
// so it is taken from the package source; `sign` comes from the same source module graph so the
// switch applies to it (the dist build has its own copy of the selection state).
import { sign } from '../../signing/src/index.js';
import { currentMd5Implementation, selectMd5Implementation } from '../../signing/src/md5.js';
import { formatOps, measure, printTable } from './measure.js';

// The first published vector (README of @pandapon/signing).
const VECTOR = {
  accessKey: '58c0201dfdf148eca63cbf6bb5e7cf03',
  timestamp: '1715669977082',
  nonceStr: 'nonce-str',
  accessSecret: 'example-secret',
};
const VECTOR_SIGNATURE = '163CFABCC37985B5C420F354F4A8E3FA';
const IMPLEMENTATIONS = ['node', 'pure'] as const;

export async function signing(timeMs: number, rounds: number): Promise<void> {
  const rows: string[][] = [];
  for (const implementation of IMPLEMENTATIONS) {
    selectMd5Implementation(implementation);
    if (currentMd5Implementation() !== implementation) {
      throw new Error(`signing: could not select the ${implementation} MD5`);
    }
    if (sign(VECTOR) !== VECTOR_SIGNATURE) {
      throw new Error(`signing: the ${implementation} MD5 signs the vector wrongly`);
    }
    const [row] = await measure(
      { [`sign() with ${implementation} MD5`]: () => sign(VECTOR) },
      { timeMs, rounds },
    );
    if (row) rows.push([row.name, formatOps(row.opsPerSecond), row.meanMicros.toFixed(2)]);
  }
  selectMd5Implementation('auto');
  console.log('## (b) Signing alone\n');
  printTable(['case', 'ops/s', 'µs/op'], rows);
}
