/**
 * Records the shapes (never the values) of the responses a program gets, for `pnpm learn`.
 * Writes shapes.ndjson in the folder given as the first argument (default: the current one).
 */
import { join } from 'node:path';
import { createPandaPon } from '@pandapon/sdk';
import { createShapeRecorder } from '@pandapon/shapes';

const file = join(process.argv[2] ?? '.', 'shapes.ndjson');
const recorder = createShapeRecorder({ file });
const pandapon = createPandaPon({});
pandapon.alibaba.use(recorder.middleware);
pandapon.taobao.use(recorder.middleware);

await pandapon.alibaba.searchProductsByKeywordV2({ keyword: 'phone case' });
await pandapon.alibaba.listCartV2();
await pandapon.taobao.getProductV2({ itemId: '652874751412' });
recorder.flush();
for (const record of recorder.records()) {
  console.log(
    `${record.operation}: ${record.responses} response(s), ${Object.keys(record.data.properties ?? {}).length} top-level keys`,
  );
}
console.log(`shapes written to ${file}`);
