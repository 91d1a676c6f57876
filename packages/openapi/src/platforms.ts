// The platform specs this package publishes, in the registry's order (the merged document's).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLATFORM_LIST } from '@pandapon/spec-model/platforms';

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

export interface PublishedPlatform extends Platform {
  /** The spec file, relative to the repository root. */
  readonly spec: string;
}

/** `taobao` → `Taobao`: the registry's titles (`1688`, `Addresses`) do not all start with a letter. */
function tagPrefix(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

export const PLATFORMS: readonly PublishedPlatform[] = PLATFORM_LIST.map((platform) => ({
  name: platform.name,
  label: tagPrefix(platform.name),
  spec: platform.spec,
}));

/** File stem of the merged document. */
export const MERGED_NAME = 'pandapon';

export function specPath(platform: PublishedPlatform): string {
  return join(repoRoot, platform.spec);
}
