/**
 * The HTTP methods an OpenAPI 3.1 path item can hold, in the order the specification lists
 * them. Every reader of specs/ walks path items with this list.
 */
export const HTTP_METHODS = Object.freeze([
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const);

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** `POST /open/order`: how operations are keyed everywhere (the generated tables too). */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
