/**
 * Turns an operation method's one params object into openapi-fetch's `{ params, body }`: each
 * key goes where the generated route says (path, query or body). Checked before any network
 * call, because the types only guard object literals: a key the operation does not have, a
 * missing path parameter or an id that is not a whole number is a TypeError naming the field.
 */

import { stringifyJson } from '@pandapon/json';

/** Where each field of one operation's params goes (generated from the spec). */
export interface OperationRoute {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The OpenAPI path template, e.g. `/open/order/refund/cancel/{refundId}`. */
  readonly path: string;
  /** Names of query parameters. */
  readonly query?: readonly string[];
  /**
   * Names of body fields; `'open'` when the body schema admits keys it does not list (a cut
   * copy), so every other key is sent in the body. Absent when the operation takes no body.
   */
  readonly body?: readonly string[] | 'open';
  /**
   * Integer ids inside the body, as dot paths (`orderId`, `lines[].itemId`): the caller may give
   * them as strings, numbers or bigints; they are sent as JSON numbers, as the API expects.
   */
  readonly ids?: readonly string[];
  /**
   * Fields whose wire value is a document inside a string (spec `x-pandapon-json-string`): the
   * caller may give the structured value, which is encoded here (`json`: JSON text; `comma-list`:
   * an array of flags joined with commas), or a ready string, which is sent as it is.
   */
  readonly jsonStrings?: Readonly<Record<string, 'json' | 'comma-list'>>;
}

/** A route as the runtime uses it: named, with its path parameters read from the template. */
export interface BoundRoute extends OperationRoute {
  /** The method's name, for messages (what the caller typed). */
  readonly name: string;
  readonly pathParams: readonly string[];
}

export function bindRoute(name: string, route: OperationRoute): BoundRoute {
  const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  return { ...route, name, pathParams };
}

/** openapi-fetch's request parts for one call. */
export interface RequestParts {
  params: { path?: Record<string, string>; query?: Record<string, unknown> };
  body?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function fail(route: BoundRoute, message: string): never {
  throw new TypeError(`PandaPon ${route.name}: ${message}`);
}

/** A path or query value as it goes into the URL. */
function urlValue(route: BoundRoute, name: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => urlValue(route, name, v));
  if (typeof value === 'object' && value !== null) {
    fail(route, `\`${name}\` must be a string, number or boolean, not an object.`);
  }
  return value;
}

/**
 * A path parameter: a non-empty string, a finite number or a bigint. Refused: `.` and `..`,
 * which would move the request to another path once the URL is normalised.
 */
function pathValue(route: BoundRoute, name: string, value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value))
        ? String(value)
        : undefined;
  if (text === undefined || text === '' || text === '.' || text === '..') {
    fail(route, `\`${name}\` is a path parameter: give a non-empty string or a number.`);
  }
  return text;
}

const INTEGER = /^-?\d+$/;

/**
 * An integer id as the API expects it on the wire: a number when it fits a double exactly,
 * else a bigint (written as a JSON number by stringifyJson). Accepts what our results carry
 * (numbers, and digit strings for ids beyond 2^53) so any id can be passed back unchanged.
 */
export function wireId(value: unknown, field: string, route: BoundRoute): unknown {
  if (value === null || value === undefined || typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      fail(
        route,
        `\`${field}\` must be a whole number; ${value} is not (or is beyond 2^53 and already rounded: pass such ids as strings or bigints).`,
      );
    }
    return value;
  }
  if (typeof value === 'string' && INTEGER.test(value.trim())) {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : BigInt(value.trim());
  }
  return fail(route, `\`${field}\` is an integer id: give a number, a bigint or a digit string.`);
}

/** Copies `value` with the ids at `path` (dot path, `[]` for array elements) made wire ids. */
function convertIds(
  value: unknown,
  path: readonly string[],
  field: string,
  route: BoundRoute,
): unknown {
  if (path.length === 0) return wireId(value, field, route);
  const [head = '', ...deeper] = path;
  if (head.endsWith('[]')) {
    const key = head.slice(0, -2);
    if (!isPlainObject(value) || !Array.isArray(value[key])) return value;
    const list = value[key] as unknown[];
    return {
      ...value,
      [key]: list.map((item, i) => convertIds(item, deeper, `${field}${key}[${i}].`, route)),
    };
  }
  if (!isPlainObject(value) || !(head in value)) return value;
  const next = deeper.length === 0 ? `${field}${head}` : `${field}${head}.`;
  return { ...value, [head]: convertIds(value[head], deeper, next, route) };
}

/** The body with every integer id of the route in its wire form (a copy; the input is kept). */
export function bodyWithWireIds(body: unknown, route: BoundRoute): unknown {
  let result = body;
  for (const id of route.ids ?? []) result = convertIds(result, id.split('.'), '', route);
  return result;
}

/**
 * A structured value of a JSON-string field in its wire form. Strings (ready-made), null and
 * undefined pass through; anything else is encoded or refused with the field's name.
 */
function encodeJsonString(
  route: BoundRoute,
  name: string,
  encoding: 'json' | 'comma-list',
  value: unknown,
): unknown {
  if (value === undefined || value === null || typeof value === 'string') return value;
  if (encoding === 'json') return stringifyJson(value);
  const flags = Array.isArray(value) ? value : undefined;
  if (!flags?.every((flag) => typeof flag === 'string' && flag !== '' && !flag.includes(','))) {
    fail(
      route,
      `\`${name}\` is a comma-separated list: give an array of flags (no commas in a flag) or a ready string.`,
    );
  }
  return flags.join(',');
}

/**
 * A path-client body (`client.POST(path, { body })`) in its wire form: structured values of
 * JSON-string fields encoded, then integer ids converted, as the methods do (splitParams).
 */
export function pathClientBody(body: unknown, route: BoundRoute): unknown {
  if (!isPlainObject(body) || route.jsonStrings === undefined) return bodyWithWireIds(body, route);
  const encoded: Record<string, unknown> = { ...body };
  for (const [key, encoding] of Object.entries(route.jsonStrings)) {
    if (key in encoded) encoded[key] = encodeJsonString(route, key, encoding, encoded[key]);
  }
  return bodyWithWireIds(encoded, route);
}

/** Splits the params object into path, query and body, validating it on the way. */
export function splitParams(route: BoundRoute, params: unknown): RequestParts {
  if (params === undefined) params = {};
  if (!isPlainObject(params)) fail(route, '`params` must be a plain object.');
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  const pathNames = route.pathParams;
  const queryNames = route.query ?? [];
  const bodyNames = route.body;
  for (const name of pathNames) path[name] = pathValue(route, name, params[name]);
  for (const [key, given] of Object.entries(params)) {
    if (pathNames.includes(key)) continue;
    const encoding = route.jsonStrings?.[key];
    const value = encoding ? encodeJsonString(route, key, encoding, given) : given;
    const inQuery = queryNames.includes(key);
    // A field may be declared in both (where the doc copies disagree): it is sent in both.
    const inBody = bodyNames === 'open' ? !inQuery : bodyNames?.includes(key) === true;
    if (inQuery && value !== undefined) query[key] = urlValue(route, key, value);
    if (inBody) body[key] = value;
    if (!inQuery && !inBody) {
      fail(route, `unknown parameter \`${key}\` (the operation takes: ${known(route)}).`);
    }
  }
  const parts: RequestParts = { params: {} };
  if (pathNames.length) parts.params.path = path;
  if (queryNames.length) parts.params.query = query;
  if (bodyNames !== undefined) parts.body = bodyWithWireIds(body, route);
  return parts;
}

function known(route: BoundRoute): string {
  const names = [
    ...route.pathParams,
    ...(route.query ?? []),
    ...(Array.isArray(route.body) ? route.body : []),
  ];
  return names.length ? names.join(', ') : 'no parameters';
}

/**
 * An integer id as the methods accept it: a number (whole, within 2^53), a bigint, or a string
 * of digits (how results carry ids beyond 2^53). Sent as a JSON number either way.
 */
export type PandaPonId = string | number | bigint;
