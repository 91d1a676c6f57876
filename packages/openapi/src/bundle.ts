// One platform spec → one self-contained OpenAPI document (its `$ref`s into common.yaml pulled
// into its own `components`), bundled by the Redocly CLI.

import { redocly } from '@pandapon/spec-model';
import { type PublishedPlatform, specPath } from './platforms.js';
import type { OpenApiDocument } from './types.js';

export async function bundlePlatform(platform: PublishedPlatform): Promise<OpenApiDocument> {
  const spec = specPath(platform);
  // Without -o the bundle goes to stdout and the CLI's own messages to stderr.
  const result = await redocly(['bundle', spec, '--ext', 'json']);
  if (result.exitCode !== 0) {
    throw new Error(`redocly bundle ${spec} failed (exit ${result.exitCode}):\n${result.stderr}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout);
  } catch (error) {
    throw new Error(`redocly bundle ${spec} printed something that is not JSON: ${String(error)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`redocly bundle ${spec} printed no OpenAPI document`);
  }
  const external = externalRefs(parsed);
  if (external.length > 0) {
    throw new Error(`${spec}: the bundle still has external $refs: ${external.join(', ')}`);
  }
  return parsed as OpenApiDocument;
}

/** Every `$ref` value that does not point inside the document itself. */
export function externalRefs(node: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) found.push(child);
      else visit(child);
    }
  };
  visit(node);
  return found;
}
