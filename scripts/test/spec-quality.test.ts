/**
 * Quality rules for specs/*.yaml that Redocly's ruleset cannot express:
 *  - every example (request, response, schema-level) validates against its own schema;
 *  - operationIds are unique across all spec files;
 *  - no object shape is written inline twice (it must be a named component);
 *  - request bodies are marked required, so generated types make callers pass them.
 */
import { basename, join } from 'node:path';
import {
  HTTP_METHODS,
  listSpecFiles,
  SHARED_SPEC_FILES,
  SPECS_DIR,
  SpecResolver,
} from '@pandapon/spec-model';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';

const BASE = 'https://specs.pandapon.invalid/';
// The spec set as the spec model defines it (fragments not yet merged are left out here).
const platformFiles = listSpecFiles()
  .map((file) => basename(file))
  .filter((f) => !f.includes('.part.'));
const specFiles = [...SHARED_SPEC_FILES, ...platformFiles];
const resolver = new SpecResolver();
const docs = Object.fromEntries(
  specFiles.map((f) => [f, resolver.load(join(SPECS_DIR, f)) as Spec]),
);

type Json = Record<string, unknown>;
interface Spec extends Json {
  paths?: Record<string, Record<string, Json>>;
  webhooks?: Record<string, Record<string, Json>>;
}

function makeAjv() {
  // strict: false — OpenAPI schemas carry non-JSON-Schema keywords (x-pandapon-*, example).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  for (const [file, doc] of Object.entries(docs)) ajv.addSchema(doc, BASE + file);
  return ajv;
}

const pointer = (...parts: string[]) =>
  `#/${parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

interface ExampleCase {
  where: string;
  schemaRef: string;
  value: unknown;
}

/** Every example in the spec, paired with the schema it must satisfy. */
function collectExamples(file: string, doc: Spec): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const fromMedia = (media: Json | undefined, at: string[]) => {
    if (!media?.schema) return;
    const schemaRef = BASE + file + pointer(...at, 'schema');
    if ('example' in media) cases.push({ where: at.join(' '), schemaRef, value: media.example });
    for (const [name, ex] of Object.entries((media.examples ?? {}) as Record<string, Json>)) {
      cases.push({ where: `${at.join(' ')} (${name})`, schemaRef, value: ex.value });
    }
  };
  for (const group of ['paths', 'webhooks'] as const) {
    for (const [path, item] of Object.entries(doc[group] ?? {})) {
      for (const [method, op] of Object.entries(item)) {
        if (typeof op !== 'object' || op === null || !('responses' in op || 'requestBody' in op)) {
          continue;
        }
        const body = (op.requestBody as Json | undefined)?.content as Record<string, Json>;
        for (const [type, media] of Object.entries(body ?? {})) {
          fromMedia(media, [group, path, method, 'requestBody', 'content', type]);
        }
        for (const [status, res] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
          const content = (res.content ?? {}) as Record<string, Json>;
          for (const [type, media] of Object.entries(content)) {
            fromMedia(media, [group, path, method, 'responses', status, 'content', type]);
          }
        }
      }
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    const schemaRef = BASE + file + pointer('components', 'schemas', name);
    for (const value of (schema.examples as unknown[] | undefined) ?? []) {
      cases.push({ where: `components.schemas.${name}`, schemaRef, value });
    }
  }
  return cases;
}

function* operationsOf(doc: Spec): Generator<[string, string, Json]> {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if ((HTTP_METHODS as readonly string[]).includes(method)) yield [method, path, op];
    }
  }
}

describe('spec examples validate against their own schemas', () => {
  const ajv = makeAjv();
  for (const file of specFiles) {
    const cases = collectExamples(file, docs[file] as Spec);
    it.each(cases.map((c) => [c.where, c] as const))(`${file}: %s`, (_where, c) => {
      const validate = ajv.getSchema(c.schemaRef);
      expect(validate, `schema ${c.schemaRef} resolves`).toBeTypeOf('function');
      const ok = validate?.(c.value);
      expect(ok ? [] : validate?.errors).toEqual([]);
    });
  }

  it('finds examples to check (guards against a collector that silently finds none)', () => {
    const total = specFiles.reduce((n, f) => n + collectExamples(f, docs[f] as Spec).length, 0);
    expect(total).toBeGreaterThan(20);
  });

  it('rejects an example that contradicts its schema (the check can fail)', () => {
    const validate = makeAjv().getSchema(`${BASE}common.yaml#/components/schemas/Envelope`);
    expect(validate?.({ code: 'not-a-number' })).toBe(false);
  });
});

describe('operations', () => {
  it('have operationIds unique across all spec files', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of platformFiles) {
      for (const [method, path, op] of operationsOf(docs[file] as Spec)) {
        const id = String(op.operationId);
        const where = `${file} ${method.toUpperCase()} ${path}`;
        if (seen.has(id)) clashes.push(`${id}: ${seen.get(id)} and ${where}`);
        seen.set(id, where);
      }
    }
    expect(clashes).toEqual([]);
    expect(seen.size).toBeGreaterThan(0);
  });

  // Generated types make callers pass a body only where `required: true`; an optional body
  // must be a stated decision (`required: false` with a note), never an omission.
  it('state whether their request body is required', () => {
    const unstated: string[] = [];
    for (const file of platformFiles) {
      for (const [method, path, op] of operationsOf(docs[file] as Spec)) {
        const body = op.requestBody as Json | undefined;
        if (body && typeof body.required !== 'boolean') unstated.push(`${file} ${method} ${path}`);
      }
    }
    expect(unstated).toEqual([]);
  });
});

describe('schemas', () => {
  /** Object schemas with properties, written inline (not as a $ref), keyed by their shape. */
  function inlineObjectShapes(file: string, doc: Spec): Map<string, string[]> {
    const shapes = new Map<string, string[]>();
    // `isNameMap`: the node maps names to schemas (a `properties` map, components.schemas),
    // so it is not itself a schema even when a wire field happens to be called "properties".
    const visit = (node: unknown, at: string, isComponentRoot: boolean, isNameMap: boolean) => {
      if (Array.isArray(node)) {
        for (const [i, child] of node.entries()) visit(child, `${at}[${i}]`, false, false);
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Json;
      const props = schema.properties as Json | undefined;
      if (!isNameMap && !isComponentRoot && props && Object.keys(props).length >= 2) {
        const key = JSON.stringify(Object.keys(props).sort());
        shapes.set(key, [...(shapes.get(key) ?? []), `${file} ${at}`]);
      }
      for (const [k, v] of Object.entries(schema)) {
        if (k === 'examples' || k === 'example') continue;
        const childIsNameMap =
          !isNameMap && (k === 'properties' || (at === 'components' && k === 'schemas'));
        visit(v, `${at}.${k}`, at === 'components.schemas', childIsNameMap);
      }
    };
    visit(doc.paths, 'paths', false, true);
    visit(doc.webhooks, 'webhooks', false, true);
    visit(doc.components, 'components', false, false);
    return shapes;
  }

  it('never write the same object shape inline twice', () => {
    const all = new Map<string, string[]>();
    for (const file of specFiles) {
      for (const [key, places] of inlineObjectShapes(file, docs[file] as Spec)) {
        all.set(key, [...(all.get(key) ?? []), ...places]);
      }
    }
    const dupes = [...all.entries()].filter(([, places]) => places.length > 1);
    expect(dupes.map(([key, places]) => `${key}: ${places.join(' | ')}`)).toEqual([]);
  });
});
