/**
 * JSON Schema (dereferenced, as in our specs) → a TypeScript type expression, written out
 * concretely: object literal types with each field's description as JSDoc, no conditional or
 * mapped types, so the compiler checks a call against a plain structure (cheap), and
 * excess-property checks catch misspelt keys at every depth.
 *
 * Two directions, because an id is accepted in more forms than it is returned in:
 * - `in` (params): integer ids accept `PandaPonId` (string | number | bigint); open objects
 *   stay closed to what the spec lists, so a typo is an error.
 * - `out` (data): integer ids are `number | string` (digit strings beyond 2^53, see
 *   client-core's json.ts); open objects (cut copies) get an index signature.
 */

export type Schema = Record<string, unknown>;
export type Direction = 'in' | 'out';

export interface TypeContext {
  direction: Direction;
  /** Schemas written as a name instead of inline (e.g. a paged operation's item type). */
  named?: ReadonlyMap<object, string>;
  /**
   * Inside a document the client encodes as a JSON string: ids there are sent as given, so
   * they take numbers or bigints only (a digit string would reach the server as a string).
   */
  embedded?: boolean;
}

/** `orderId`, `offerId`, `id`, `productID`: the platform's Java `long` identifiers. */
export const ID_PROPERTY = /(?:^id|Id|ID)$/;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(schema: Schema): string[] {
  const { type } = schema;
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return typeof type === 'string' ? [type] : [];
}

/** Text safe inside a JSDoc block. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
}

/** A JSDoc block at `indent`, or '' when there is nothing to say. */
export function jsdoc(lines: readonly string[], indent: string): string {
  const body = lines.filter((line) => line !== undefined);
  if (body.length === 0) return '';
  if (body.length === 1 && !body[0]?.includes('\n')) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join('\n')}\n${indent} */\n`;
}

/** allOf members merged into one object schema (our specs use allOf only for objects). */
export function mergeAllOf(schema: Schema): Schema {
  const members = schema.allOf;
  if (!Array.isArray(members)) return schema;
  const { allOf: _allOf, ...own } = schema;
  const merged: Schema = { ...own };
  const properties: Record<string, unknown> = { ...(own.properties as object) };
  const required = new Set<string>((own.required as string[] | undefined) ?? []);
  for (const raw of members) {
    if (!isSchema(raw)) continue;
    const member = mergeAllOf(raw);
    Object.assign(properties, member.properties);
    for (const name of (member.required as string[] | undefined) ?? []) required.add(name);
    if (member.additionalProperties !== undefined && merged.additionalProperties === undefined) {
      merged.additionalProperties = member.additionalProperties;
    }
    if (merged.type === undefined && member.type !== undefined) merged.type = member.type;
    if (merged.description === undefined && member.description !== undefined) {
      merged.description = member.description;
    }
  }
  merged.properties = properties;
  if (required.size) merged.required = [...required];
  return merged;
}

/** A field's `x-pandapon-json-string` extension (see specs/CONVENTIONS.md), when it has one. */
export interface JsonStringExtension {
  encoding: 'json' | 'comma-list';
  source: string;
  schema: Schema;
}

export function jsonStringOf(schema: Schema): JsonStringExtension | undefined {
  const extension = schema['x-pandapon-json-string'];
  if (!isSchema(extension)) return undefined;
  const { encoding, source, schema: embedded } = extension;
  if ((encoding !== 'json' && encoding !== 'comma-list') || !isSchema(embedded)) {
    throw new Error('x-pandapon-json-string needs encoding json|comma-list and a schema');
  }
  return { encoding, source: String(source), schema: embedded };
}

function literal(value: unknown): string {
  return value === null ? 'null' : JSON.stringify(value);
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length ? unique.join(' | ') : 'never';
}

/** The documentation lines of one field. */
export function fieldDoc(schema: Schema): string[] {
  const lines: string[] = [];
  if (typeof schema.description === 'string') lines.push(docText(schema.description));
  if (Array.isArray(schema.examples) && schema.examples.length) {
    lines.push(`@example ${docText(JSON.stringify(schema.examples[0]))}`);
  }
  if (schema['x-pandapon-truncated'] === true) {
    lines.push('Only partly documented: PandaPon may send fields that are not typed here.');
  }
  const embedded = jsonStringOf(schema);
  if (embedded && Object.keys(embedded.schema).length > 0) {
    lines.push(
      embedded.encoding === 'json'
        ? 'A JSON document inside a string on the wire: give the structured value (the client encodes it) or a ready JSON string.'
        : 'A comma-separated list on the wire: give an array of flags (the client joins them) or a ready string.',
    );
    if (embedded.source === 'example')
      lines.push("Its structure is known from the docs' example only.");
  }
  if (schema.deprecated === true) lines.push('@deprecated');
  return lines;
}

/** The fields of an object schema as interface members at `indent`. */
export function objectMembers(
  schema: Schema,
  context: TypeContext,
  indent: string,
  skip: ReadonlySet<string> = new Set(),
): string {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  let out = '';
  for (const [name, raw] of Object.entries(properties)) {
    if (skip.has(name) || !isSchema(raw)) continue;
    out += jsdoc(fieldDoc(raw), indent);
    const optional = required.has(name) ? '' : '?';
    out += `${indent}${propertyKey(name)}${optional}: ${typeExpression(raw, context, indent, name)};\n`;
  }
  if (context.direction === 'out' && isOpen(schema)) {
    const extra = schema.additionalProperties;
    const valueType =
      isSchema(extra) && Object.keys(extra).length
        ? typeExpression(extra, context, indent)
        : 'unknown';
    out += `${indent}[key: string]: ${valueType === 'unknown' ? 'unknown' : `${valueType} | undefined`};\n`;
  }
  return out;
}

/** Whether an object schema admits keys it does not list. */
export function isOpen(schema: Schema): boolean {
  const extra = schema.additionalProperties;
  if (extra === true || isSchema(extra)) return true;
  // An object with no listed properties and no rule is a free-form object.
  return extra === undefined && Object.keys((schema.properties as object) ?? {}).length === 0;
}

/**
 * The type of `schema`. `property` is the field's name when the schema is a field's (ids are
 * recognised by name); `indent` is the indentation of the line the type starts on.
 */
export function typeExpression(
  raw: Schema,
  context: TypeContext,
  indent = '',
  property?: string,
): string {
  const name = context.named?.get(raw);
  if (name) return name;
  // A document inside a string: callers may give it structured (checked key by key) or ready.
  const embedded = context.direction === 'in' ? jsonStringOf(raw) : undefined;
  if (embedded && Object.keys(embedded.schema).length > 0) {
    const { 'x-pandapon-json-string': _extension, ...wire } = raw;
    const structured = typeExpression(embedded.schema, { ...context, embedded: true }, indent);
    return structured === 'unknown'
      ? typeExpression(wire, context, indent, property)
      : union([structured, typeExpression(wire, context, indent, property)]);
  }
  const schema = mergeAllOf(raw);
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const members = schema[key];
    if (Array.isArray(members)) {
      return union(
        members.filter(isSchema).map((m) => typeExpression(m, context, indent, property)),
      );
    }
  }
  const types = typesOf(schema);
  if (types.length === 0) {
    return schema.properties ? objectType(schema, context, indent) : 'unknown';
  }
  const isId = property !== undefined && ID_PROPERTY.test(property);
  const members = types.map((type) => {
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
        if (isId && context.embedded) return 'number | bigint';
        if (isId) return context.direction === 'in' ? 'PandaPonId' : 'number | string';
        return 'number';
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array': {
        const items = isSchema(schema.items) ? schema.items : {};
        const item = typeExpression(items, context, indent);
        return /^[A-Za-z0-9_]+$/.test(item) ? `${item}[]` : `Array<${item}>`;
      }
      case 'object':
        return objectType(schema, context, indent);
      default:
        return 'unknown';
    }
  });
  return union(members);
}

function objectType(schema: Schema, context: TypeContext, indent: string): string {
  const inner = `${indent}  `;
  const listed = Object.keys((schema.properties as object) ?? {}).length > 0;
  const members = listed ? objectMembers(schema, context, inner) : '';
  if (members === '') {
    // Free-form: nothing is documented about its keys.
    return isOpen(schema) ? 'Record<string, unknown>' : 'Record<string, never>';
  }
  return `{\n${members}${indent}}`;
}
