/**
 * Puts the generated operation methods on a platform client. Each table row (operation-params.ts)
 * becomes `client[name](params, options)`; rows of paged operations also get
 * `client[name].paginate(params, options)`.
 */

import { callOperation, type PathMethods } from './operation.js';
import { paginateOperation } from './operation-pages.js';
import { bindRoute, type OperationRoute, pathClientBody } from './operation-params.js';
import type { PlatformMeta } from './options.js';

/** The generated method table of one platform: method name → route. */
export type OperationRoutes = Readonly<Record<string, OperationRoute>>;

/**
 * Adds one method per route to `client` and returns it, typed as the client plus `Methods`
 * (the generated interface). A route whose name the client already has is a generator bug:
 * it throws rather than hide a client member.
 */
export function withOperations<Client extends object, Methods>(
  client: Client,
  meta: PlatformMeta,
  routes: OperationRoutes,
): Client & Methods {
  const target = client as Record<string, unknown>;
  const methods = client as unknown as PathMethods;
  pathClientBodies(methods, routes);
  for (const [name, row] of Object.entries(routes)) {
    const route = bindRoute(name, row);
    if (name in target) {
      throw new Error(
        `PandaPon ${meta.platform}: operation method \`${name}\` clashes with a client member.`,
      );
    }
    const method = (params?: unknown, options?: unknown) =>
      callOperation(methods, route, params, options);
    if (meta.operations[`${route.method} ${route.path}`]?.pagination) {
      Object.defineProperty(method, 'paginate', {
        value: (params?: unknown, options?: unknown) =>
          paginateOperation(methods, meta, route, params, options),
      });
    }
    target[name] = method;
  }
  return client as Client & Methods;
}

/**
 * The path client (`client.POST(path, { body })`) takes what the methods take, as its types say:
 * integer ids as `string | number | bigint`, and JSON-string fields structured or ready. Its
 * calls to an operation with such body fields get them converted too, before openapi-fetch
 * serialises the body.
 */
function pathClientBodies(methods: PathMethods, routes: OperationRoutes): void {
  const byMethod = new Map<string, Map<string, ReturnType<typeof bindRoute>>>();
  for (const [name, row] of Object.entries(routes)) {
    if (!row.ids?.length && row.jsonStrings === undefined) continue;
    const paths = byMethod.get(row.method) ?? new Map();
    paths.set(row.path, bindRoute(name, row));
    byMethod.set(row.method, paths);
  }
  for (const [method, paths] of byMethod) {
    const send = methods[method];
    if (typeof send !== 'function') continue;
    methods[method] = (path, init) => {
      const route = paths.get(path);
      if (!route || init?.body === undefined) return send(path, init);
      try {
        return send(path, { ...init, body: pathClientBody(init.body, route) });
      } catch (error) {
        return Promise.reject(error);
      }
    };
  }
}
