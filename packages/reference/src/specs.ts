// The specs the reference site documents, and the operations each one declares. Shared by the
// build (which pages to make) and the browser test (what each page must show).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const distDir = join(repoRoot, 'packages', 'reference', 'dist');

export interface ReferenceSpec {
  /** Page name: `<name>.html` in dist/. */
  readonly name: string;
  /** Spec path relative to the repository root. */
  readonly spec: string;
  /** Link text on the index page. */
  readonly label: string;
}

export const REFERENCE_SPECS: readonly ReferenceSpec[] = [
  { name: 'taobao', spec: 'specs/taobao.yaml', label: 'Taobao (@pandapon/taobao)' },
  { name: 'alibaba', spec: 'specs/alibaba.yaml', label: '1688 (@pandapon/alibaba)' },
  {
    name: 'foundations',
    spec: 'specs/foundations.yaml',
    label: 'Addresses (@pandapon/foundations)',
  },
  {
    name: 'logistics',
    spec: 'specs/logistics.yaml',
    label: 'Warehouse logistics (@pandapon/logistics)',
  },
];

export interface SpecOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly method: string;
  /** The path, or the webhook name for callbacks. */
  readonly path: string;
  readonly tag: string;
  readonly webhook: boolean;
}

export interface SpecInfo {
  readonly title: string;
  readonly tags: readonly string[];
  readonly operations: readonly SpecOperation[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Operations = Record<string, Record<string, Record<string, unknown>>>;

function collect(
  section: Operations | undefined,
  webhook: boolean,
  where: string,
): SpecOperation[] {
  const found: SpecOperation[] = [];
  for (const [path, item] of Object.entries(section ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const { operationId, summary, tags } = op;
      const tag = Array.isArray(tags) ? tags[0] : undefined;
      if (
        typeof operationId !== 'string' ||
        typeof summary !== 'string' ||
        typeof tag !== 'string'
      ) {
        // The lint rules require all three; the reference test relies on them to find each page.
        throw new Error(
          `${where}: ${method.toUpperCase()} ${path} needs operationId, summary and tags`,
        );
      }
      found.push({ operationId, summary, method, path, tag, webhook });
    }
  }
  return found;
}

export async function readSpecInfo(spec: string): Promise<SpecInfo> {
  const doc = parse(await readFile(join(repoRoot, spec), 'utf8')) as {
    info?: { title?: unknown };
    tags?: { name?: unknown }[];
    paths?: Operations;
    webhooks?: Operations;
  };
  const title = doc.info?.title;
  if (typeof title !== 'string') throw new Error(`${spec}: info.title is missing`);
  return {
    title,
    tags: (doc.tags ?? []).map((t) => String(t.name)),
    operations: [...collect(doc.paths, false, spec), ...collect(doc.webhooks, true, spec)],
  };
}
