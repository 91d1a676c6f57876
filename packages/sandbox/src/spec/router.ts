import type { Operation } from './catalog.js';

export interface RouteMatch {
  operation: Operation;
  pathParams: Record<string, string>;
}

interface TemplateRoute {
  operation: Operation;
  pattern: RegExp;
  names: string[];
}

/**
 * Maps method + concrete path to an operation. Literal paths are a map lookup; templated ones
 * (`/x/{id}`) are tried in order, literal segments beating parameters because literal routes
 * are looked up first.
 */
export class Router {
  readonly #literal = new Map<string, Operation>();
  readonly #templates: TemplateRoute[] = [];

  constructor(operations: readonly Operation[]) {
    for (const operation of operations) {
      const key = `${operation.method} ${operation.path}`;
      if (!operation.path.includes('{')) {
        if (this.#literal.has(key)) throw new Error(`two operations share ${key}`);
        this.#literal.set(key, operation);
        continue;
      }
      const names: string[] = [];
      const source = operation.path
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        })
        .join('');
      this.#templates.push({ operation, pattern: new RegExp(`^${source}$`), names });
    }
  }

  match(method: string, path: string): RouteMatch | undefined {
    const literal = this.#literal.get(`${method} ${path}`);
    if (literal) return { operation: literal, pathParams: {} };
    for (const route of this.#templates) {
      if (route.operation.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, index) => {
        pathParams[name] = safeDecode(found[index + 1] ?? '');
      });
      return { operation: route.operation, pathParams };
    }
    return undefined;
  }

  /** Methods the specs declare for `path`, to tell "wrong method" from "unknown path". */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const operation of this.#literal.values()) {
      if (operation.path === path) methods.add(operation.method);
    }
    for (const route of this.#templates) {
      if (route.pattern.test(path)) methods.add(route.operation.method);
    }
    return [...methods].sort();
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
