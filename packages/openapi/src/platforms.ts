// The platform specs this package publishes, in the order the merged document lists them.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = join(packageDir, '..', '..');
export const generatedDir = join(packageDir, 'generated');

export interface Platform {
  /** File stem of the spec (`specs/<name>.yaml`) and of its bundles (`generated/<name>.*`). */
  readonly name: string;
  /**
   * Prefix of the platform's tags in the merged document. Taobao and 1688 both have `Goods`,
   * `Order`, `Cart` and `After-sales`, so the merged document needs per-platform tag names. The
   * label starts with a letter because client generators turn tags into class and package names.
   */
  readonly label: string;
}

export const PLATFORMS: readonly Platform[] = [
  { name: 'taobao', label: 'Taobao' },
  { name: 'alibaba', label: 'Alibaba' },
  { name: 'foundations', label: 'Foundations' },
  { name: 'logistics', label: 'Logistics' },
];

/** File stem of the merged document. */
export const MERGED_NAME = 'pandapon';

export function specPath(platform: Platform): string {
  return join(repoRoot, 'specs', `${platform.name}.yaml`);
}
