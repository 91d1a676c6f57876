/**
 * Strict mode for the documents PandaPon carries inside strings (`x-pandapon-json-string`, see
 * specs/CONVENTIONS.md): an order's lines in `orderLineList`, a 1688 search's `sort`, its
 * `filter` flags. The wire value is a string, so the body schema alone accepts any text; here the
 * text is decoded and held to the embedded schema: valid JSON, the documented types, no
 * undocumented key, only documented flags.
 */
import { resolveNode } from './pointer.js';
import { findUndocumentedKey, shapeOf } from './schema-shape.js';
import { isObject } from './types.js';

export interface EmbeddedProblem {
  /** `undocumented`: a key or flag the embedded schema does not list; `invalid`: anything else. */
  kind: 'undocumented' | 'invalid';
  message: string;
}

type Compile = (schema: object, root: string) => (value: unknown) => string | undefined;

export interface JsonStringExtension {
  encoding: 'json' | 'comma-list';
  schema: object;
}

/**
 * A field schema's `x-pandapon-json-string` ($ref followed), or undefined when it has none or
 * its embedded schema is empty (nothing is known about the document).
 */
export function jsonStringExtension(
  root: unknown,
  schema: unknown,
): JsonStringExtension | undefined {
  const node = isObject(schema) ? resolveNode(root, schema) : undefined;
  const extension = node?.['x-pandapon-json-string'];
  if (!isObject(extension) || !isObject(extension.schema)) return undefined;
  if (Object.keys(extension.schema).length === 0) return undefined;
  const { encoding } = extension;
  if (encoding !== 'json' && encoding !== 'comma-list') return undefined;
  return { encoding, schema: extension.schema };
}

/**
 * The first problem with an embedded document in `body` (top-level fields, where the specs put
 * them), or undefined. Fields without the extension, absent or null, are not looked at.
 */
export function findEmbeddedProblem(
  root: unknown,
  bodySchema: unknown,
  body: unknown,
  compile: Compile,
): EmbeddedProblem | undefined {
  if (!isObject(body)) return undefined;
  const { properties } = shapeOf(root, [bodySchema]);
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== 'string') continue;
    const extension = (properties.get(name) ?? [])
      .map((schema) => jsonStringExtension(root, schema))
      .find((found) => found !== undefined);
    if (!extension) continue;
    const path = `body.${name}`;
    let decoded: unknown;
    if (extension.encoding === 'comma-list') {
      decoded = value === '' ? [] : value.split(',');
    } else {
      try {
        decoded = JSON.parse(value);
      } catch {
        return {
          kind: 'invalid',
          message: `${path} must hold a JSON document (it is a string of JSON text)`,
        };
      }
    }
    const invalid = compile(extension.schema, `${path} (decoded)`)(decoded);
    if (invalid) {
      const flag = extension.encoding === 'comma-list' && / must be one of /.test(invalid);
      return { kind: flag ? 'undocumented' : 'invalid', message: invalid };
    }
    const key = findUndocumentedKey(root, [extension.schema], decoded, `${path} (decoded)`);
    if (key) return { kind: 'undocumented', message: `${key} is not a documented field` };
  }
  return undefined;
}
