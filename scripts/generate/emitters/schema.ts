/** `schema.ts`: openapi-typescript's `paths` / `components` / `webhooks` types of the spec. */

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@pandapon/spec-model';
import openapiTS, { astToString, type SchemaObject, stringToAST } from 'openapi-typescript';
import ts from 'typescript';
import { jsonStringOf, type Schema, typeExpression } from '../../methods/schema-type.js';
import type { PlatformEmitter } from '../emitter.js';

/** `orderId`, `offerId`, `id`, `productID`… — the platform's Java `long` identifiers. */
const ID_PROPERTY = /(?:^id|Id|ID)$/;

/**
 * Integer id fields are typed `number | bigint`: 1688 order ids are 19 digits, beyond 2^53,
 * and client-core parses such values as `bigint` (and writes them back as JSON numbers) rather
 * than rounding them. Small values still arrive as `number`.
 */
export function int64Ids(
  schema: SchemaObject,
  options: { path?: string },
): ts.TypeNode | undefined {
  const type = (schema as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  if (!types.includes('integer')) return undefined;
  // openapi-typescript's path ends in the property (or parameter) name; a component's own
  // root (`#/components/schemas/Name`) is not a property.
  const path = options.path ?? '';
  const property = path.split('/').at(-1) ?? '';
  if (/^#\/components\/schemas\/[^/]+$/.test(path) || !ID_PROPERTY.test(property)) return undefined;
  const { factory, SyntaxKind } = ts;
  // Strings too: results carry ids beyond 2^53 as digit strings, and the methods and the path
  // client (client-core's withOperations) send any of the three forms as a JSON number.
  const members: ts.TypeNode[] = [
    factory.createKeywordTypeNode(SyntaxKind.StringKeyword),
    factory.createKeywordTypeNode(SyntaxKind.NumberKeyword),
    factory.createKeywordTypeNode(SyntaxKind.BigIntKeyword),
  ];
  if (types.includes('null')) members.push(factory.createLiteralTypeNode(factory.createNull()));
  return factory.createUnionTypeNode(members);
}

/**
 * A field that carries a JSON document (or a comma list) inside a string
 * (`x-pandapon-json-string`, specs/CONVENTIONS.md) is typed as the wire string or the structured
 * value, as the operation methods take it: the path client encodes a structured value too
 * (client-core's withOperations), so `body: { orderLineList: [{ itemId, ... }] }` is checked
 * key by key instead of being an opaque string. Such fields are request fields only.
 */
export function jsonStringFields(schema: SchemaObject): ts.TypeNode | undefined {
  const embedded = jsonStringOf(schema as unknown as Schema);
  if (!embedded || Object.keys(embedded.schema).length === 0) return undefined;
  const structured = typeExpression(embedded.schema, { direction: 'in', embedded: true });
  if (structured === 'unknown') return undefined;
  const [alias] = stringToAST(`type Structured = ${structured};`) as ts.TypeAliasDeclaration[];
  if (!alias) throw new Error(`x-pandapon-json-string: no type from ${structured}`);
  const { factory, SyntaxKind } = ts;
  const type = (schema as { type?: unknown }).type;
  const members: ts.TypeNode[] = [
    factory.createKeywordTypeNode(SyntaxKind.StringKeyword),
    alias.type,
  ];
  if (Array.isArray(type) && type.includes('null')) {
    members.push(factory.createLiteralTypeNode(factory.createNull()));
  }
  return factory.createUnionTypeNode(members);
}

export const schemaEmitter: PlatformEmitter = {
  file: 'schema.ts',
  async emit({ platform }) {
    // openapi-typescript reads the file itself (it needs the raw document, refs and all).
    const ast = await openapiTS(pathToFileURL(join(REPO_ROOT, platform.spec)), {
      // Our specs mark required fields precisely; optional ones stay optional.
      alphabetize: false,
      exportType: false,
      transform: (schema, options) => jsonStringFields(schema) ?? int64Ids(schema, options),
    });
    return astToString(ast);
  },
};
