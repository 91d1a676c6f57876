// Merges the per-platform bundles into one OpenAPI 3.1 document. Anything the merge cannot
// combine without changing a platform's meaning (two different schemas under one name, one
// operationId twice, different servers) stops it with an error naming both sides, instead of
// one side silently winning.
import { isDeepStrictEqual } from 'node:util';
import type { Platform } from './platforms.js';
import {
  HTTP_METHODS,
  type JsonObject,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiTag,
  type PathItem,
} from './types.js';

export interface PlatformDocument {
  readonly platform: Platform;
  readonly document: OpenApiDocument;
}

export const MERGED_TITLE = 'PandaPon OpenAPI';

/** The tag an operation of `platform` carries in the merged document. */
export function mergedTagName(platform: Platform, tag: string): string {
  return tag === platform.label ? tag : `${platform.label} ${tag}`;
}

export function mergeDocuments(parts: readonly PlatformDocument[]): OpenApiDocument {
  if (parts.length === 0) throw new Error('merge: no platform documents');
  const first = parts[0] as PlatformDocument;

  const openapi = same(parts, 'openapi', (doc) => doc.openapi);
  if (!/^3\.1\.\d+$/.test(openapi)) {
    throw new Error(`merge: the platform documents are OpenAPI ${openapi}, not 3.1.x`);
  }
  const rootSecurity = first.document.security;

  const merged: OpenApiDocument = {
    openapi,
    info: mergedInfo(parts),
    servers: same(parts, 'servers', (doc) => doc.servers),
    ...defined('security', rootSecurity),
    tags: [],
    'x-tagGroups': [],
    paths: {},
    webhooks: {},
    components: {},
  };
  const tags = merged.tags as OpenApiTag[];
  const tagGroups = merged['x-tagGroups'] as JsonObject[];
  const paths = merged.paths as Record<string, PathItem>;
  const webhooks = merged.webhooks as Record<string, PathItem>;
  const components = merged.components as Record<string, Record<string, unknown>>;
  const operationIds = new Map<string, string>();

  for (const { platform, document } of parts) {
    const groupTags: string[] = [];
    for (const tag of document.tags ?? []) {
      const name = mergedTagName(platform, tag.name);
      if (tags.some((other) => other.name === name)) {
        throw new Error(`merge: tag "${name}" is declared twice (${platform.name})`);
      }
      tags.push({ ...tag, name });
      groupTags.push(name);
    }
    tagGroups.push({ name: platform.label, tags: groupTags });

    // Operations keep the security their own file gave them: where a platform's root security
    // differs from the merged root (logistics adds its query-string schemes), it moves onto
    // each of its operations that does not declare its own.
    const ownSecurity = isDeepStrictEqual(document.security, rootSecurity)
      ? undefined
      : (document.security ?? []);
    const adapt = (operation: OpenApiOperation, where: string): OpenApiOperation => {
      const id = operation.operationId;
      if (typeof id !== 'string' || id === '') {
        throw new Error(`merge: ${platform.name} ${where} has no operationId`);
      }
      const previous = operationIds.get(id);
      if (previous) {
        throw new Error(`merge: operationId "${id}" is used by ${previous} and ${platform.name}`);
      }
      operationIds.set(id, platform.name);
      const adapted: OpenApiOperation = {
        ...operation,
        ...(operation.tags ? { tags: operation.tags.map((t) => mergedTagName(platform, t)) } : {}),
      };
      if (ownSecurity && operation.security === undefined) adapted.security = ownSecurity;
      return adapted;
    };

    addPathItems(paths, document.paths, platform, 'path', adapt);
    addPathItems(webhooks, document.webhooks, platform, 'webhook', adapt);

    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const target = components[section] ?? {};
      components[section] = target;
      for (const [name, value] of Object.entries(entries)) {
        if (name in target && !isDeepStrictEqual(target[name], value)) {
          throw new Error(
            `merge: components.${section}.${name} of ${platform.name} differs from the one ` +
              'already merged; rename one of them in specs/',
          );
        }
        target[name] = value;
      }
    }
  }

  if (Object.keys(webhooks).length === 0) delete merged.webhooks;
  return merged;
}

function addPathItems(
  target: Record<string, PathItem>,
  source: Record<string, PathItem> | undefined,
  platform: Platform,
  kind: 'path' | 'webhook',
  adapt: (operation: OpenApiOperation, where: string) => OpenApiOperation,
): void {
  for (const [key, item] of Object.entries(source ?? {})) {
    if (key in target) {
      throw new Error(
        `merge: ${kind} "${key}" of ${platform.name} is declared by another platform`,
      );
    }
    const adapted: PathItem = { ...item };
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation && typeof operation === 'object') {
        adapted[method] = adapt(operation as OpenApiOperation, `${kind} ${method} ${key}`);
      }
    }
    target[key] = adapted;
  }
}

function mergedInfo(parts: readonly PlatformDocument[]): OpenApiDocument['info'] {
  const sections = parts.map(
    ({ document }) => `## ${document.info.title}\n\n${(document.info.description ?? '').trim()}`,
  );
  const description = [
    'The whole PandaPon open platform in one document: the platform descriptions merged, with',
    'every tag prefixed by its platform. The platforms are also published one per file. What',
    'each platform file says of itself follows.',
  ].join(' ');
  return {
    title: MERGED_TITLE,
    version: highestVersion(parts.map(({ document }) => document.info.version)),
    description: `${description}\n\n${sections.join('\n\n')}\n`,
    contact: same(parts, 'info.contact', (doc) => doc.info.contact),
    license: same(parts, 'info.license', (doc) => doc.info.license),
  };
}

/** The value every platform document agrees on; an error when one differs or lacks it. */
function same<T>(
  parts: readonly PlatformDocument[],
  what: string,
  read: (document: OpenApiDocument) => T | undefined,
): T {
  const first = parts[0] as PlatformDocument;
  const value = read(first.document);
  if (value === undefined) throw new Error(`merge: ${first.platform.name} has no ${what}`);
  for (const { platform, document } of parts) {
    if (!isDeepStrictEqual(read(document), value)) {
      throw new Error(
        `merge: ${what} of ${platform.name} differs from ${first.platform.name}'s; the merged ` +
          'document can carry only one',
      );
    }
  }
  return value;
}

/** The highest of dotted numeric versions (`1.2.0` > `1.10.0` is false). */
export function highestVersion(versions: readonly string[]): string {
  const parse = (version: string): number[] => {
    if (!/^\d+(\.\d+)*$/.test(version)) {
      throw new Error(`merge: info.version "${version}" is not a dotted number`);
    }
    return version.split('.').map(Number);
  };
  let best: string | undefined;
  let bestParts: number[] = [];
  for (const version of versions) {
    const parts = parse(version);
    if (best === undefined || compare(parts, bestParts) > 0) {
      best = version;
      bestParts = parts;
    }
  }
  if (best === undefined) throw new Error('merge: no info.version');
  return best;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
