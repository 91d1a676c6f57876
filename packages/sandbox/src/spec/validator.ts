import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Operation } from './catalog.js';
import { isObject, type OpenApiDocument, type SpecName } from './types.js';

/** What a request carries, as the validator sees it. */
export interface RequestParts {
  query: Record<string, string | string[]>;
  pathParams: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; `undefined` when the request had none. */
  body: unknown;
}

/** Returns a message naming the first offending field, or undefined when the request is valid. */
export type RequestValidator = (parts: RequestParts) => string | undefined;

// OpenAPI 3.1 keywords that may sit inside schemas but are not JSON Schema vocabulary.
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

/**
 * Validation with Ajv's JSON Schema 2020-12 class, the dialect OpenAPI 3.1 schemas are written
 * in (type arrays, `const`, `examples`). Each bundled spec is registered whole under its own
 * `$id`, so operation schemas are compiled as `{ $ref: "<id>#<pointer>" }` and their internal
 * `#/components/...` references resolve within their document.
 */
export class SpecValidator {
  /** Plain schemas: `schema()` (responses, in the tests). */
  readonly #bodies: Ajv2020;
  /** Request bodies, whose integers beyond 2^53 arrive as digit strings (see exactIntegers). */
  readonly #requestBodies: Ajv2020;
  readonly #params: Ajv2020;
  readonly #ids = new Map<SpecName, string>();

  constructor(docs: ReadonlyMap<SpecName, OpenApiDocument>) {
    const common = {
      // Unknown keywords stay errors (they would be typos), except the x- extensions and
      // OpenAPI's own schema keywords, registered below as annotations.
      strictSchema: true,
      // Type arrays ([string, 'null']) are how 3.1 says nullable.
      allowUnionTypes: true,
      strictTypes: false,
      strictTuples: false,
      // In 2020-12 `format` is an annotation unless a format-assertion vocabulary is in use.
      validateFormats: false,
      allErrors: false,
    } as const;
    this.#bodies = new Ajv2020(common);
    this.#requestBodies = new Ajv2020(common);
    this.#requestBodies.addKeyword({
      keyword: UNSAFE_INTEGER_KEYWORD,
      type: 'string',
      errors: false,
      validate: (_: unknown, data: unknown) => isUnsafeIntegerText(data),
    });
    // Query, path and header values arrive as strings: coerce them to the declared types.
    this.#params = new Ajv2020({ ...common, coerceTypes: 'array' });
    // `components` and `paths` too: see the addSchema call below.
    const extensionKeywords = new Set([...OPENAPI_SCHEMA_KEYWORDS, 'components', 'paths']);
    for (const doc of docs.values()) collectExtensionKeys(doc, extensionKeywords);
    for (const ajv of [this.#bodies, this.#requestBodies, this.#params]) {
      for (const keyword of extensionKeywords) {
        if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword);
      }
    }
    for (const [spec, doc] of docs) {
      const id = `https://sandbox.pandapon.invalid/specs/${spec}.json`;
      this.#ids.set(spec, id);
      // Ajv compiles the root of any document a $ref points into, so the root must be a valid
      // schema: a resource holding only the parts refs reach (`components`, `paths`), those two
      // keys being registered as annotation keywords. Copies: the documents must stay as bundled.
      const resource = { $id: id, components: doc.components ?? {}, paths: doc.paths ?? {} };
      this.#bodies.addSchema(structuredClone(resource), undefined, undefined, false);
      this.#requestBodies.addSchema(exactIntegers(resource) as object, undefined, undefined, false);
      this.#params.addSchema(structuredClone(resource), undefined, undefined, false);
    }
  }

  /** A validator for any schema inside a spec (the tests check responses with it). */
  schema(spec: SpecName, pointer: string): (value: unknown) => string | undefined {
    const validate = this.#bodies.compile({ $ref: this.#ref(spec, pointer) });
    return (value) => (validate(value) ? undefined : describe('value', validate.errors));
  }

  /**
   * A validator for a schema given as an object with no `$ref` (the documents embedded in
   * JSON-string fields, `x-pandapon-json-string`), compiled once per schema.
   */
  standalone(schema: object, root: string): (value: unknown) => string | undefined {
    let validate = this.#standalone.get(schema);
    if (!validate) {
      validate = this.#bodies.compile(structuredClone(schema));
      this.#standalone.set(schema, validate);
    }
    const compiled = validate;
    return (value) => (compiled(value) ? undefined : describe(root, compiled.errors));
  }

  readonly #standalone = new WeakMap<object, ValidateFunction>();

  /**
   * The request validator of an operation, compiled on its first use: compiling every operation
   * up front costs ~7 ms each (~0.4 s per sandbox start), and most runs touch a few operations.
   */
  request(operation: Operation): RequestValidator {
    let compiled: RequestValidator | undefined;
    return (parts) => {
      compiled ??= this.#compileRequest(operation);
      return compiled(parts);
    };
  }

  #compileRequest(operation: Operation): RequestValidator {
    const checks: Array<(parts: RequestParts) => string | undefined> = [];
    for (const location of ['path', 'query', 'header'] as const) {
      const parameters = operation.parameters.filter((parameter) => parameter.in === location);
      if (parameters.length === 0) continue;
      const validate = this.#params.compile({
        type: 'object',
        properties: Object.fromEntries(
          parameters.map((parameter) => [
            parameter.name,
            parameter.schemaPointer
              ? { $ref: this.#ref(operation.spec, parameter.schemaPointer) }
              : true,
          ]),
        ),
        required: parameters.filter((parameter) => parameter.required).map((p) => p.name),
      });
      const names = parameters.map((parameter) => parameter.name);
      checks.push((parts) => {
        const source =
          location === 'path'
            ? parts.pathParams
            : location === 'query'
              ? parts.query
              : parts.headers;
        // Only the declared parameters are checked; a copy, since coercion writes into it.
        const values: Record<string, unknown> = {};
        for (const name of names) if (source[name] !== undefined) values[name] = source[name];
        return validate(values) ? undefined : describe(location, validate.errors);
      });
    }
    const body = operation.body;
    if (body) {
      const validate: ValidateFunction | undefined = body.schemaPointer
        ? this.#requestBodies.compile({ $ref: this.#ref(operation.spec, body.schemaPointer) })
        : undefined;
      checks.push((parts) => {
        if (parts.body === undefined) return body.required ? 'request body is required' : undefined;
        if (!validate || validate(parts.body)) return undefined;
        return describe('body', validate.errors);
      });
    }
    return (parts) => {
      for (const check of checks) {
        const problem = check(parts);
        if (problem) return problem;
      }
      return undefined;
    };
  }

  #ref(spec: SpecName, pointer: string): string {
    const id = this.#ids.get(spec);
    if (!id) throw new Error(`no spec named ${spec}`);
    return `${id}#${pointer.split('/').map(encodeURIComponent).join('/')}`;
  }
}

const UNSAFE_INTEGER_KEYWORD = 'sandboxUnsafeIntegerText';

function isUnsafeIntegerText(value: unknown): boolean {
  return typeof value === 'string' && /^-?\d+$/.test(value) && !Number.isSafeInteger(Number(value));
}

/**
 * A copy of a spec resource for validating request bodies as the sandbox parses them: once, with
 * integers beyond 2^53 kept as their exact digit strings. Every integer-typed schema also accepts
 * such a string; the integer branch comes first, so its message ("must be integer") is the one
 * reported for a wrong value.
 */
function exactIntegers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(exactIntegers);
  if (!isObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = exactIntegers(value);
  const type = node.type;
  const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
  if (!integer) return copy;
  return { anyOf: [copy, { type: 'string', [UNSAFE_INTEGER_KEYWORD]: true }] };
}

function collectExtensionKeys(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectExtensionKeys(item, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) into.add(key);
      collectExtensionKeys(value, into);
    }
  }
}

/** "body.cargoParamList[0].quantity must be number" from Ajv's first error. */
function describe(root: string, errors: ErrorObject[] | null | undefined): string {
  const error = errors?.[0];
  if (!error) return `${root} is invalid`;
  const field = root + pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${field}${pointerToPath(`/${String(params.missingProperty)}`)} is required`;
    case 'enum':
      return `${field} must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'const':
      return `${field} must be ${JSON.stringify(params.allowedValue)}`;
    case 'additionalProperties':
      return `${field}${pointerToPath(`/${String(params.additionalProperty)}`)} is not allowed`;
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (/^\d+$/.test(segment)) return `[${segment}]`;
      return /^[A-Za-z_$][\w$-]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    })
    .join('');
}
