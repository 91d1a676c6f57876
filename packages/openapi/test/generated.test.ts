// The committed files in generated/: what a user downloads.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecResolver } from '@pandapon/spec-model';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { externalRefs } from '../src/bundle.js';
import { staleFiles } from '../src/files.js';
import { generatedDir, MERGED_NAME, PLATFORMS, specPath } from '../src/platforms.js';
import { HTTP_METHODS, type OpenApiDocument, type OpenApiOperation } from '../src/types.js';

async function load(stem: string): Promise<{ json: OpenApiDocument; yaml: OpenApiDocument }> {
  const json = JSON.parse(await readFile(join(generatedDir, `${stem}.json`), 'utf8'));
  const yaml = parse(await readFile(join(generatedDir, `${stem}.yaml`), 'utf8'));
  return { json, yaml };
}

function operations(section: OpenApiDocument['paths']): OpenApiOperation[] {
  const found: OpenApiOperation[] = [];
  for (const item of Object.values(section ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) found.push(item[method] as OpenApiOperation);
    }
  }
  return found;
}

const stems = [...PLATFORMS.map((p) => p.name), MERGED_NAME];

describe.each(stems)('generated/%s', (stem) => {
  it('has the same document as YAML and as JSON, with no external $ref', async () => {
    const { json, yaml } = await load(stem);
    expect(yaml).toEqual(json);
    expect(json.openapi).toMatch(/^3\.1\./);
    expect(externalRefs(json)).toEqual([]);
    expect(json.info.contact).toBeDefined();
  });
});

describe('the merged document', () => {
  it('holds every operation and webhook of every platform, each operationId once', async () => {
    const { json: merged } = await load(MERGED_NAME);
    const mergedIds = [...operations(merged.paths), ...operations(merged.webhooks)].map(
      (o) => o.operationId,
    );
    expect(new Set(mergedIds).size).toBe(mergedIds.length);

    const specs = new SpecResolver();
    const platformIds: string[] = [];
    const webhookNames: string[] = [];
    for (const platform of PLATFORMS) {
      // Read the specs themselves: the merged file must follow them, not the other bundles.
      const spec = specs.load(specPath(platform)) as OpenApiDocument;
      for (const o of [...operations(spec.paths), ...operations(spec.webhooks)]) {
        platformIds.push(o.operationId as string);
      }
      webhookNames.push(...Object.keys(spec.webhooks ?? {}));
    }
    expect([...mergedIds].sort()).toEqual([...platformIds].sort());
    expect(Object.keys(merged.webhooks ?? {}).sort()).toEqual(webhookNames.sort());
    expect(webhookNames.length).toBeGreaterThan(0);
  });

  it("tags every operation with a declared tag of its own platform's group", async () => {
    const { json: merged } = await load(MERGED_NAME);
    const groups = merged['x-tagGroups'] as { name: string; tags: string[] }[];
    expect(groups.map((g) => g.name)).toEqual(PLATFORMS.map((p) => p.label));
    const declared = new Set(merged.tags?.map((t) => t.name));
    expect(groups.flatMap((g) => g.tags).sort()).toEqual([...declared].sort());

    for (const platform of PLATFORMS) {
      const { json: own } = await load(platform.name);
      const group = groups.find((g) => g.name === platform.label);
      const ids = new Set(
        [...operations(own.paths), ...operations(own.webhooks)].map((o) => o.operationId),
      );
      const mine = [...operations(merged.paths), ...operations(merged.webhooks)].filter((o) =>
        ids.has(o.operationId),
      );
      expect(mine.length).toBe(ids.size);
      for (const o of mine) {
        expect(o.tags?.length).toBeGreaterThan(0);
        for (const tag of o.tags ?? []) expect(group?.tags).toContain(tag);
      }
    }
  });

  it('declares every security scheme, and keeps each operation under its own platform rules', async () => {
    const { json: merged } = await load(MERGED_NAME);
    const schemes = merged.components?.securitySchemes ?? {};
    for (const platform of PLATFORMS) {
      const { json: own } = await load(platform.name);
      for (const name of Object.keys(own.components?.securitySchemes ?? {})) {
        expect(schemes).toHaveProperty([name]);
      }
      const effective = (o: OpenApiOperation, root: OpenApiDocument) => o.security ?? root.security;
      const ownOps = new Map(operations(own.paths).map((o) => [o.operationId, o]));
      for (const o of operations(merged.paths)) {
        const original = ownOps.get(o.operationId);
        if (original) expect(effective(o, merged)).toEqual(effective(original, own));
      }
    }
    expect(Object.keys(schemes)).toEqual(
      expect.arrayContaining(['accessKey', 'timestamp', 'nonceStr', 'userId', 'signature']),
    );
  });
});

describe('staleFiles', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names changed, missing and left-over files, and nothing when all match', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pandapon-openapi-'));
    const expected = new Map([
      ['a.json', '{"a":1}\n'],
      ['b.yaml', 'b: 1\n'],
      ['c.json', '{}\n'],
    ]);
    await writeFile(join(dir, 'a.json'), '{"a":1}\n');
    await writeFile(join(dir, 'b.yaml'), 'b: 2\n');
    await writeFile(join(dir, 'old.json'), '{}\n');
    expect((await staleFiles(expected, dir)).sort()).toEqual(['b.yaml', 'c.json', 'old.json']);

    await writeFile(join(dir, 'b.yaml'), 'b: 1\n');
    await writeFile(join(dir, 'c.json'), '{}\n');
    await rm(join(dir, 'old.json'));
    expect(await staleFiles(expected, dir)).toEqual([]);
  });
});
