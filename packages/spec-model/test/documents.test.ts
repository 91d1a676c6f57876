import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEditableSpecs } from '../src/documents.js';
import { SpecResolver } from '../src/resolver.js';

const COMMON = `
components:
  schemas:
    Envelope:
      type: object
      properties:
        code: { type: integer }
    Alias: { $ref: '#/components/schemas/Envelope' }
`;

const SHOP = `
openapi: 3.1.0
components:
  schemas:
    Order:
      # kept when written back
      allOf:
        - $ref: './common.yaml#/components/schemas/Envelope'
        - type: object
          properties:
            total: { $ref: '#/components/schemas/Money' }
    Money: { type: number }
    ViaAlias: { $ref: './common.yaml#/components/schemas/Alias' }
    Twice: { $ref: '#/components/schemas/ViaAlias' }
    Broken: { $ref: './common.yaml#/components/schemas/Nowhere' }
    NoFile: { $ref: './missing.yaml#/components/schemas/X' }
`;

function memoryResolver(files: Record<string, string>): SpecResolver {
  return new SpecResolver((path) => {
    const text = files[path.replace('/specs/', '')];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  });
}

const shop = '/specs/shop.yaml';
const common = '/specs/common.yaml';
const schema = (name: string) => ['components', 'schemas', name];

describe('SpecResolver.locate: the file and YAML path a $ref leads to', () => {
  const resolver = memoryResolver({ 'shop.yaml': SHOP, 'common.yaml': COMMON });

  it('follows a ref into another file', () => {
    const target = resolver.locate({ file: shop, path: [...schema('Order'), 'allOf', 0] });
    expect(target.file).toBe(common);
    expect(target.path).toEqual(schema('Envelope'));
    expect(target.node).toMatchObject({ type: 'object', properties: { code: {} } });
  });

  it('follows a ref within the file, and a node that is no ref is its own target', () => {
    const total = [...schema('Order'), 'allOf', 1, 'properties', 'total'];
    expect(resolver.locate({ file: shop, path: total })).toEqual({
      file: shop,
      path: schema('Money'),
      node: { type: 'number' },
    });
    expect(resolver.locate({ file: shop, path: schema('Money') }).path).toEqual(schema('Money'));
  });

  it('follows a ref to a ref (across files, then within the other file) to the end', () => {
    for (const start of ['ViaAlias', 'Twice']) {
      const target = resolver.locate({ file: shop, path: schema(start) });
      expect(target.file).toBe(common);
      expect(target.path).toEqual(schema('Envelope'));
    }
  });

  it('gives numbers for sequence indexes, as the yaml Document takes them', () => {
    const ref = resolver.resolveRef('#/components/schemas/Order/allOf/1', shop);
    expect(ref?.path).toEqual([...schema('Order'), 'allOf', 1]);
  });

  it('a ref that leads nowhere throws naming the file, the pointer and the ref', () => {
    expect(() => resolver.locate({ file: shop, path: schema('Broken') })).toThrow(
      '/specs/shop.yaml#/components/schemas/Broken: unresolvable $ref ./common.yaml#/components/schemas/Nowhere (no such node)',
    );
    expect(() => resolver.locate({ file: shop, path: schema('NoFile') })).toThrow(
      /shop\.yaml#\/components\/schemas\/NoFile: unresolvable \$ref \.\/missing\.yaml#\/components\/schemas\/X \(\/specs\/missing\.yaml cannot be read or parsed\)/,
    );
  });

  it('a place with no node is its own target with node undefined', () => {
    expect(resolver.locate({ file: shop, path: schema('Absent') })).toEqual({
      file: shop,
      path: schema('Absent'),
      node: undefined,
    });
  });

  it('a cycle of refs throws instead of looping', () => {
    const cyclic = memoryResolver({
      'shop.yaml': `components: { schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } } }`,
    });
    expect(() => cyclic.locate({ file: shop, path: schema('A') })).toThrow(
      /shop\.yaml#\/components\/schemas\/A: \$ref chain longer than 50/,
    );
  });
});

describe('loadEditableSpecs', () => {
  function specsDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'spec-model-documents-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  }

  it('loads every YAML file, shared ones too, as editable Documents read through one resolver', () => {
    const dir = specsDir({ 'shop.yaml': SHOP, 'common.yaml': COMMON, 'notes.txt': 'not a spec' });
    const { files, resolver } = loadEditableSpecs(dir);
    expect(files).toEqual([join(dir, 'common.yaml'), join(dir, 'shop.yaml')]);

    const target = resolver.locate({
      file: join(dir, 'shop.yaml'),
      path: [...schema('Order'), 'allOf', 0],
    });
    expect(target.file).toBe(join(dir, 'common.yaml'));

    const document = resolver.document(target.file);
    document?.setIn([...target.path, 'properties', 'msg'], document.createNode({ type: 'string' }));
    resolver.edited(target.file);
    expect(resolver.nodeAt({ file: target.file, path: [...target.path, 'properties'] })).toEqual({
      code: { type: 'integer' },
      msg: { type: 'string' },
    });
    expect(resolver.document(join(dir, 'shop.yaml'))?.toString()).toContain(
      '# kept when written back',
    );
  });

  it('throws naming a file that cannot be parsed', () => {
    const dir = specsDir({ 'shop.yaml': 'a: [unclosed', 'common.yaml': COMMON });
    expect(() => loadEditableSpecs(dir)).toThrow(/shop\.yaml: cannot read or parse/);
  });
});
