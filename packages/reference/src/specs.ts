// The specs the reference site documents (one per registered platform), and the operations each
// one declares. Shared by the build (which pages to make) and the browser test (what each page
// must show).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoProblems, buildSpecIndex, PLATFORM_LIST } from '@pandapon/spec-model';

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

/** One page per platform in the registry (@pandapon/spec-model), in its order. */
export const REFERENCE_SPECS: readonly ReferenceSpec[] = PLATFORM_LIST.map((platform) => ({
  name: platform.name,
  spec: platform.spec,
  label: `${platform.title} (${platform.packageName})`,
}));

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

/** Title, tags and every operation and webhook of a spec, read through the spec model. */
export async function readSpecInfo(spec: string): Promise<SpecInfo> {
  const file = join(repoRoot, spec);
  const index = assertNoProblems(buildSpecIndex([file]));
  const doc = index.resolver.load(file) as {
    info?: { title?: unknown };
    tags?: { name?: unknown }[];
  };
  const title = doc.info?.title;
  if (typeof title !== 'string') throw new Error(`${spec}: info.title is missing`);
  const entries = [
    ...index.operations.map((op) => ({ ...op, path: op.path, webhook: false })),
    ...index.webhooks.map((hook) => ({ ...hook, path: hook.name, webhook: true })),
  ];
  const operations = entries.map(({ operationId, summary, tags, method, path, webhook }) => {
    const tag = tags[0];
    if (operationId === undefined || summary === undefined || tag === undefined) {
      // The lint rules require all three; the reference test relies on them to find each page.
      throw new Error(`${spec}: ${method} ${path} needs operationId, summary and tags`);
    }
    return { operationId, summary, method: method.toLowerCase(), path, tag, webhook };
  });
  return { title, tags: (doc.tags ?? []).map((t) => String(t.name)), operations };
}
