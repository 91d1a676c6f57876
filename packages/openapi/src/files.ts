// What generated/ must contain, and how it differs from what it holds.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundlePlatform, externalRefs } from './bundle.js';
import { mergeDocuments, type PlatformDocument } from './merge.js';
import { generatedDir, MERGED_NAME, PLATFORMS } from './platforms.js';
import { toJson, toYaml } from './serialize.js';
import type { OpenApiDocument } from './types.js';

/** File name in generated/ → its content. */
export async function buildFiles(): Promise<Map<string, string>> {
  // One at a time: each bundle is a Redocly CLI process, and CI shares two cores.
  const parts: PlatformDocument[] = [];
  for (const platform of PLATFORMS) {
    parts.push({ platform, document: await bundlePlatform(platform) });
  }
  const merged = mergeDocuments(parts);
  const external = externalRefs(merged);
  if (external.length > 0) throw new Error(`merged document has external $refs: ${external}`);

  const files = new Map<string, string>();
  for (const { platform, document } of parts) addBoth(files, platform.name, document);
  addBoth(files, MERGED_NAME, merged);
  return files;
}

function addBoth(files: Map<string, string>, stem: string, document: OpenApiDocument): void {
  files.set(`${stem}.yaml`, toYaml(document));
  files.set(`${stem}.json`, toJson(document));
}

export async function existingFiles(dir = generatedDir): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** The generated/ files that are missing, stale or left over. */
export async function staleFiles(
  files: Map<string, string>,
  dir = generatedDir,
): Promise<string[]> {
  const stale: string[] = [];
  for (const [name, content] of files) {
    const current = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (current !== content) stale.push(name);
  }
  for (const name of await existingFiles(dir)) if (!files.has(name)) stale.push(name);
  return stale;
}
