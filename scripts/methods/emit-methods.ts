/**
 * Emits a platform's operation methods (`src/generated/methods.ts`) from a plain list of
 * operations: per operation a named params type, a named data type (and, for paged operations,
 * an item type and page params), one documented method on the `<Platform>Methods` interface,
 * and one row of the runtime route table that client-core's `withOperations` binds.
 *
 * Kept apart from spec loading: the input is already dereferenced (no `$ref`), so this module
 * only decides names and writes TypeScript.
 */
import { HTTP_METHODS, methodName } from '@pandapon/spec-model';
import {
  docText,
  ID_PROPERTY,
  isOpen,
  jsdoc,
  jsonStringOf,
  mergeAllOf,
  objectMembers,
  propertyKey,
  type Schema,
  typeExpression,
} from './schema-type.js';

export interface MethodParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: Schema;
}

export interface MethodPagination {
  in: 'body' | 'query';
  page: string;
  size: string;
  items: string;
  total?: string;
}

/** One operation, as the method emitter needs it (schemas dereferenced). */
export interface MethodOperation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  path: string;
  summary?: string;
  description?: string;
  apiVersion?: string;
  docs: { url: string; lang?: string }[];
  safeToRetry: boolean;
  /** The operation or its response data is only partly documented (`x-pandapon-truncated`). */
  truncated: boolean;
  underDevelopment?: boolean;
  pagination?: MethodPagination;
  parameters: MethodParameter[];
  body?: { required: boolean; schema: Schema };
  /** The schema of the envelope's `data`; undefined when the spec does not say. */
  data?: Schema;
  /** A params object from the spec's examples (tests call every method with it). */
  example?: Record<string, unknown>;
}

export interface PlatformNames {
  /** `taobao`. */
  platform: string;
  /** The word that starts the platform's operationIds, stripped from method names. */
  prefix: string | undefined;
  /** `TaobaoMethods`. */
  interfaceName: string;
  /** `taobaoRoutes`. */
  tableName: string;
}

/** The names of a platform's methods interface and route table: `TaobaoMethods`, `taobaoRoutes`. */
export function methodNamesOf(platform: string): { interfaceName: string; tableName: string } {
  const capital = platform.charAt(0).toUpperCase() + platform.slice(1);
  return { interfaceName: `${capital}Methods`, tableName: `${platform}Routes` };
}

/** Members every platform client already has; a method may not take these names. */
export const CLIENT_MEMBERS = new Set([
  ...HTTP_METHODS.map((method) => method.toUpperCase()),
  'use',
  'eject',
  'unwrap',
  'paginate',
  'request',
  'setClockOffset',
  'clockOffsetMs',
]);

/** `cancelOrderV2` → `CancelOrderV2`. */
export function typeBaseName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Walks `a.b` of a data schema to the array schema there. */
function schemaAt(schema: Schema | undefined, path: string): Schema | undefined {
  let current = schema && mergeAllOf(schema);
  for (const key of path.split('.')) {
    if (!key) continue;
    const next = (current?.properties as Record<string, Schema> | undefined)?.[key];
    current = next && mergeAllOf(next);
  }
  return current;
}

/** The integer-id fields of a body schema, as dot paths (`lines[].itemId`). */
export function idPaths(schema: Schema, prefix = '', depth = 0): string[] {
  if (depth > 8) return [];
  const object = mergeAllOf(schema);
  const paths: string[] = [];
  for (const [name, raw] of Object.entries((object.properties ?? {}) as Record<string, Schema>)) {
    const field = mergeAllOf(raw);
    const types = Array.isArray(field.type) ? field.type : [field.type];
    if (types.includes('integer') && ID_PROPERTY.test(name)) paths.push(`${prefix}${name}`);
    if (types.includes('object') || field.properties) {
      paths.push(...idPaths(field, `${prefix}${name}.`, depth + 1));
    }
    const items = field.items as Schema | undefined;
    if (types.includes('array') && items) {
      paths.push(...idPaths(items, `${prefix}${name}[].`, depth + 1));
    }
  }
  return paths;
}

interface Field {
  name: string;
  required: boolean;
  schema: Schema;
  where: 'path' | 'query' | 'body';
  /** A query field the spec also declares in the body, with the same type: sent in both. */
  alsoInBody?: boolean;
}

function sameType(a: Field, b: Field): boolean {
  const type = (f: Field) => JSON.stringify(mergeAllOf(f.schema).type);
  return type(a) === type(b);
}

/** Path, query and body fields merged; a name in two places is an error (one params object). */
function fieldsOf(op: MethodOperation): Field[] {
  const fields = new Map<string, Field>();
  const add = (field: Field) => {
    const other = fields.get(field.name);
    if (other && other.where === 'query' && field.where === 'body' && sameType(other, field)) {
      // The copies disagree on where the field goes and the spec declares it in both (see its
      // x-pandapon-note): one param, sent in both places.
      other.alsoInBody = true;
      other.required ||= field.required;
      return;
    }
    if (other) {
      throw new Error(
        `${op.operationId}: \`${field.name}\` is both a ${other.where} and a ${field.where} field; the method's one params object cannot hold both.`,
      );
    }
    fields.set(field.name, field);
  };
  for (const p of op.parameters) {
    const schema = p.description ? { ...p.schema, description: p.description } : p.schema;
    add({ name: p.name, required: p.in === 'path' || p.required, schema, where: p.in });
  }
  if (op.body) {
    const body = mergeAllOf(op.body.schema);
    const required = new Set((body.required as string[] | undefined) ?? []);
    const properties = (body.properties ?? {}) as Record<string, Schema>;
    if (Object.keys(properties).length === 0 && body.type !== 'object') {
      throw new Error(`${op.operationId}: the request body is not an object; methods need one.`);
    }
    for (const [name, schema] of Object.entries(properties)) {
      add({ name, required: op.body.required && required.has(name), schema, where: 'body' });
    }
  }
  return [...fields.values()];
}

function paramsInterface(
  name: string,
  fields: Field[],
  doc: string,
  freeForm: boolean,
  omit: ReadonlySet<string> = new Set(),
  optional: ReadonlySet<string> = new Set(),
): string {
  const members: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of fields) {
    if (omit.has(field.name)) continue;
    members[field.name] = field.schema;
    if (field.required && !optional.has(field.name)) required.push(field.name);
  }
  const body = objectMembers(
    { type: 'object', properties: members, required },
    { direction: 'in' },
    '  ',
  );
  if (body === '') {
    // No documented field: free-form when the spec leaves the body open, else nothing at all.
    return `${doc}export type ${name} = ${freeForm ? 'Record<string, unknown>' : '{ [key: string]: never }'};\n`;
  }
  return `${doc}export interface ${name} {\n${body}}\n`;
}

function methodDoc(op: MethodOperation, paged: boolean): string[] {
  const lines: string[] = [];
  if (op.summary) lines.push(docText(op.summary));
  if (op.description) lines.push('', docText(op.description));
  if (op.truncated) {
    lines.push(
      '',
      '**Partly documented**: the PandaPon page this was transcribed from is cut, so the result can',
      'hold fields that are not typed here (and typed fields may be missing).',
    );
  }
  if (op.underDevelopment) {
    lines.push('', "**Under development** on PandaPon's side: the page says it may change.");
  }
  lines.push('');
  lines.push(
    `\`${op.method} ${op.path}\` (\`${op.operationId}\`${op.apiVersion ? `, API ${op.apiVersion}` : ''}).`,
  );
  lines.push(
    op.safeToRetry
      ? 'Retried automatically on timeouts, connection failures and 429/502/503/504.'
      : 'Not retried automatically (a repeat could act twice); pass `{ retry: true }` if a repeat is harmless.',
  );
  if (paged) lines.push('Paged: `.paginate(params)` walks every page.');
  for (const doc of op.docs) lines.push(`@see ${doc.url}${doc.lang ? ` (${doc.lang})` : ''}`);
  return lines;
}

/** The `methods.ts` of one platform. */
export function emitMethods(operations: readonly MethodOperation[], names: PlatformNames): string {
  const seen = new Map<string, string>();
  const types: string[] = [];
  const members: string[] = [];
  const rows: string[] = [];
  const sorted = [...operations].sort((a, b) => a.operationId.localeCompare(b.operationId));
  for (const op of sorted) {
    const name = methodName(op.operationId, names.prefix);
    if (CLIENT_MEMBERS.has(name)) {
      throw new Error(`${op.operationId}: method name \`${name}\` is a client member.`);
    }
    const previous = seen.get(name);
    if (previous) throw new Error(`${op.operationId} and ${previous} both map to \`${name}\`.`);
    seen.set(name, op.operationId);
    const base = typeBaseName(name);
    const fields = fieldsOf(op);

    const paramsName = `${base}Params`;
    const openBody = op.body !== undefined && isOpen(mergeAllOf(op.body.schema));
    const paramsDoc = [`Params of \`${name}\` (${op.method} ${op.path}).`];
    if (openBody && fields.some((f) => f.where === 'body')) {
      paramsDoc.push(
        'The body is only partly documented: the fields below are checked; an undocumented one can be',
        'sent with a cast, and is passed on as it is.',
      );
    }
    types.push(paramsInterface(paramsName, fields, jsdoc(paramsDoc, ''), openBody));

    const dataName = `${base}Data`;
    const named = new Map<object, string>();
    const pagination = op.pagination;
    let itemName: string | undefined;
    if (pagination) {
      const list = schemaAt(op.data, pagination.items);
      if (list?.items && typeof list.items === 'object') {
        itemName = `${base}Item`;
        const item = list.items as Schema;
        named.set(item, itemName);
        const itemType = typeExpression(item, { direction: 'out' });
        types.push(
          `${jsdoc([`One item of a \`${name}\` page (\`data.${pagination.items}[]\`).`], '')}export type ${itemName} = ${itemType};\n`,
        );
      } else {
        itemName = 'unknown';
      }
    }
    const dataDoc = jsdoc(
      [
        `What \`${name}\` resolves to: the envelope's \`data\`.`,
        ...(op.data && typeof op.data.description === 'string'
          ? [docText(op.data.description)]
          : []),
        ...(op.truncated
          ? ['Only partly documented: PandaPon may send fields that are not typed here.']
          : []),
      ],
      '',
    );
    const dataType = op.data ? typeExpression(op.data, { direction: 'out', named }) : 'unknown';
    types.push(
      dataType.startsWith('{\n')
        ? `${dataDoc}export interface ${dataName} ${dataType}\n`
        : `${dataDoc}export type ${dataName} = ${dataType};\n`,
    );

    const optionalParams = fields.every((f) => !f.required);
    const paramsArg = `params${optionalParams ? '?' : ''}: ${paramsName}`;
    const doc = jsdoc(methodDoc(op, Boolean(pagination)), '  ');
    if (pagination) {
      const pageParamsName = `${base}PageParams`;
      const omit = new Set([pagination.page]);
      const pageFields = fields;
      types.push(
        paramsInterface(
          pageParamsName,
          pageFields,
          jsdoc(
            [
              `Params of \`${name}.paginate\`: as \`${paramsName}\`, without the page number (set per page).`,
            ],
            '',
          ),
          openBody,
          omit,
          new Set([pagination.size]),
        ),
      );
      const pageOptional = pageFields.every(
        (f) => !f.required || f.name === pagination.page || f.name === pagination.size,
      );
      members.push(
        `${doc}  ${name}: {\n` +
          `    (${paramsArg}, options?: RequestOptions): APIPromise<${dataName}>;\n` +
          `    /** Every item of every page, fetched as you iterate; \`.pages()\` gives the pages with their totals. */\n` +
          `    paginate(params${pageOptional ? '?' : ''}: ${pageParamsName}, options?: PaginateRequestOptions): Paginator<${dataName}, ${itemName}>;\n` +
          '  };\n',
      );
    } else {
      members.push(
        `${doc}  ${name}(${paramsArg}, options?: RequestOptions): APIPromise<${dataName}>;\n`,
      );
    }

    // Path parameters are read from the template at run time; the operationId from the
    // operation table (operations.ts), keyed by method and path.
    const row: string[] = [`method: '${op.method}'`, `path: '${op.path}'`];
    const queryNames = fields.filter((f) => f.where === 'query').map((f) => f.name);
    const bodyNames = fields.filter((f) => f.where === 'body' || f.alsoInBody).map((f) => f.name);
    if (queryNames.length) row.push(`query: ${JSON.stringify(queryNames)}`);
    if (op.body) row.push(`body: ${openBody ? "'open'" : JSON.stringify(bodyNames)}`);
    const ids = op.body ? idPaths(op.body.schema) : [];
    if (ids.length) row.push(`ids: ${JSON.stringify(ids)}`);
    const jsonStrings = fields.flatMap((f) => {
      const encoding = jsonStringOf(f.schema)?.encoding;
      return encoding ? [`${propertyKey(f.name)}: '${encoding}'`] : [];
    });
    if (jsonStrings.length) row.push(`jsonStrings: { ${jsonStrings.join(', ')} }`);
    rows.push(`  ${propertyKey(name)}: { ${row.join(', ')} },\n`);
  }

  const usesId = types.some((t) => t.includes('PandaPonId'));
  const paged = operations.some((op) => op.pagination);
  const imports = [
    'APIPromise',
    'OperationRoutes',
    ...(paged ? ['PaginateRequestOptions', 'Paginator'] : []),
    ...(usesId ? ['PandaPonId'] : []),
    'RequestOptions',
  ].sort();
  return (
    `import type { ${imports.join(', ')} } from '@pandapon/client-core';\n\n` +
    types.join('\n') +
    '\n' +
    `/** One method per ${names.platform} operation: params in, the envelope's \`data\` out. */\n` +
    `export interface ${names.interfaceName} {\n${members.join('')}}\n\n` +
    `/** Where each method's params go (path, query, body): read by client-core's \`withOperations\`. */\n` +
    `export const ${names.tableName}: OperationRoutes = {\n${rows.join('')}};\n`
  );
}
