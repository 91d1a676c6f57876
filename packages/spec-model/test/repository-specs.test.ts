// The model over the repository's own specs: what the generator and the runtime rely on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEC_EXTENSIONS } from '../src/extensions.js';
import { listSpecFiles, REPO_ROOT, SPECS_DIR } from '../src/files.js';
import { loadPlatformIndex, loadSpecIndex } from '../src/load.js';
import { PLATFORM_LIST, PLATFORM_NAMES, PLATFORMS, platformInfo } from '../src/platforms.js';

describe('the repository specs', () => {
  const all = loadSpecIndex();

  it('load without problems', () => {
    expect(all.problems).toEqual([]);
    expect(all.operations.length).toBeGreaterThan(50);
  });

  it('use only the x-pandapon-* extensions the model knows', () => {
    const used = new Set<string>();
    for (const file of [...listSpecFiles(), join(SPECS_DIR, 'common.yaml')]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\b(x-pandapon-[a-z-]+)\s*:/g)) {
        used.add(match[1] as string);
      }
    }
    const unknown = [...used].filter(
      (name) => !(SPEC_EXTENSIONS as readonly string[]).includes(name),
    );
    expect(unknown).toEqual([]);
    // The operation-level ones every operation carries are certainly among them.
    expect([...used]).toEqual(
      expect.arrayContaining(['x-pandapon-docs', 'x-pandapon-safe-to-retry']),
    );
  });

  it('give every operation an operationId and a retry decision', () => {
    for (const op of all.operations) {
      expect(op.operationId, op.key).toBeTypeOf('string');
      expect(op.safeToRetry, op.key).toBeTypeOf('boolean');
    }
  });

  it('ask for the query signature on exactly the warehouse-logistics operations', () => {
    const logistics = loadPlatformIndex('logistics');
    expect(logistics.operations.length).toBeGreaterThan(0);
    for (const op of logistics.operations) expect(op.querySignature, op.key).toBe(true);
    for (const name of PLATFORM_NAMES.filter((n) => n !== 'logistics')) {
      for (const op of loadPlatformIndex(name).operations) {
        expect(op.querySignature, op.key).toBe(false);
      }
    }
  });

  it('declare callback message types on the webhooks', () => {
    const types = all.webhooks.flatMap((hook) => hook.messageTypes);
    expect(types).toContain('1688_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
    expect(types).toContain('TAOBAO_ORDER_BUYER_VIEW_ORDER_PRICE_MODIFY');
  });
});

describe('the platform registry', () => {
  it('keys each entry by its name, in list order', () => {
    expect(Object.keys(PLATFORMS)).toEqual(PLATFORM_LIST.map((p) => p.name));
    expect(PLATFORM_NAMES).toEqual(['taobao', 'alibaba', 'foundations', 'logistics']);
  });

  it('points at specs and packages that exist, with the names the packages use', () => {
    for (const p of PLATFORM_LIST) {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, p.packageDir, 'package.json'), 'utf8'));
      expect(pkg.name).toBe(p.packageName);
      const ops = loadPlatformIndex(p.name).operations;
      if (p.operationIdPrefix !== undefined) {
        for (const op of ops) expect(op.operationId?.startsWith(p.operationIdPrefix)).toBe(true);
      }
      const client = readFileSync(join(REPO_ROOT, p.packageDir, 'src/generated/client.ts'), 'utf8');
      expect(client).toContain(`export function ${p.factory}(`);
      expect(client).toContain(`export type ${p.clientType} =`);
    }
  });

  it('names the known platforms when asked for an unknown one', () => {
    expect(() => platformInfo('shopee')).toThrow(
      'Unknown platform "shopee". Known: taobao, alibaba, foundations, logistics',
    );
    expect(Object.isFrozen(PLATFORMS.taobao)).toBe(true);
  });
});
