/** What a fault rule does to a request it fires on. */
export type FaultEffect =
  /** Wait this long before handling the request. */
  | { kind: 'latency'; ms: number }
  /** Answer with this HTTP 5xx status (envelope code 50001) instead of handling it. */
  | { kind: 'status'; status: number }
  /** Destroy the connection without answering. */
  | { kind: 'drop' }
  /** Shift the sandbox clock by this many ms (timestamp check and `Date` header). */
  | { kind: 'clockSkew'; ms: number };

/** Which requests a rule applies to; every field is optional (no field: every request). */
export interface FaultScope {
  /** Exact request path, e.g. `/alibaba/order/create`. */
  path?: string;
  /** Path prefix, e.g. `/v2/`. */
  pathPrefix?: string;
  /** HTTP method, any case. */
  method?: string;
  /** Chance, 0–100, that the rule fires on a matching request. Default 100 (always). */
  percentage?: number;
  /** Fire on at most this many requests, then remove the rule ("fail the next N"). */
  count?: number;
}

export type FaultRuleInput = FaultEffect & FaultScope;
export type FaultRule = FaultRuleInput & {
  id: number /** Times it fired so far. */;
  fired: number;
};

/** The combined effect of every rule that fired on one request. */
export interface FaultOutcome {
  latencyMs: number;
  status: number | undefined;
  drop: boolean;
  clockSkewMs: number;
}

const NO_FAULT: FaultOutcome = Object.freeze({
  latencyMs: 0,
  status: undefined,
  drop: false,
  clockSkewMs: 0,
});

/**
 * The largest clock skew a rule may ask for: 100 years. Far beyond any real clock error, and far
 * inside what a Date can hold (±8.64e15 ms); a skew outside it made every answer fail.
 */
export const MAX_CLOCK_SKEW_MS = 100 * 365 * 24 * 3_600_000;

/** Fault rules, in the order they were added. */
export class FaultInjector {
  readonly #rules: FaultRule[] = [];
  readonly #random: () => number;
  #nextId = 1;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...checkRule(input), id: this.#nextId++, fired: 0 };
    this.#rules.push(rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.#rules.map((rule) => ({ ...rule }));
  }

  remove(id: number): boolean {
    const index = this.#rules.findIndex((rule) => rule.id === id);
    if (index === -1) return false;
    this.#rules.splice(index, 1);
    return true;
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** Decides, and counts, which rules fire on this request. */
  evaluate(method: string, path: string): FaultOutcome {
    if (this.#rules.length === 0) return NO_FAULT;
    const outcome: FaultOutcome = { ...NO_FAULT };
    for (const rule of [...this.#rules]) {
      if (!this.#fires(rule, method, path)) continue;
      rule.fired++;
      if (rule.count !== undefined && rule.fired >= rule.count) this.remove(rule.id);
      switch (rule.kind) {
        case 'latency':
          outcome.latencyMs += rule.ms;
          break;
        case 'status':
          outcome.status ??= rule.status;
          break;
        case 'drop':
          outcome.drop = true;
          break;
        case 'clockSkew':
          outcome.clockSkewMs += rule.ms;
          break;
      }
    }
    // Rules add up: keep the sum representable too, however many there are.
    outcome.clockSkewMs = Math.max(
      -MAX_CLOCK_SKEW_MS,
      Math.min(MAX_CLOCK_SKEW_MS, outcome.clockSkewMs),
    );
    return outcome;
  }

  #fires(rule: FaultRule, method: string, path: string): boolean {
    if (rule.path !== undefined && rule.path !== path) return false;
    if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return false;
    if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
    const percentage = rule.percentage ?? 100;
    // 100 fires without drawing, so rules meant to be certain never depend on the random source.
    return percentage >= 100 || (percentage > 0 && this.#random() * 100 < percentage);
  }
}

/** Validates a rule from options or the admin endpoint; throws a TypeError naming the field. */
export function checkRule(input: unknown): FaultRuleInput {
  if (typeof input !== 'object' || input === null)
    throw new TypeError('fault rule must be an object');
  const rule = input as Record<string, unknown>;
  const optionalString = (field: string) => {
    if (rule[field] !== undefined && (typeof rule[field] !== 'string' || rule[field] === '')) {
      throw new TypeError(`fault rule ${field} must be a non-empty string`);
    }
  };
  optionalString('path');
  optionalString('pathPrefix');
  optionalString('method');
  if (rule.percentage !== undefined && !isNumberIn(rule.percentage, 0, 100)) {
    throw new TypeError('fault rule percentage must be a number from 0 to 100');
  }
  if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) {
    throw new TypeError('fault rule count must be a positive integer');
  }
  const scope: FaultScope = {
    ...(rule.path !== undefined ? { path: rule.path as string } : {}),
    ...(rule.pathPrefix !== undefined ? { pathPrefix: rule.pathPrefix as string } : {}),
    ...(rule.method !== undefined ? { method: rule.method as string } : {}),
    ...(rule.percentage !== undefined ? { percentage: rule.percentage as number } : {}),
    ...(rule.count !== undefined ? { count: rule.count as number } : {}),
  };
  switch (rule.kind) {
    case 'latency':
      if (!isNumberIn(rule.ms, 0, 600_000)) {
        throw new TypeError('latency fault ms must be a number from 0 to 600000');
      }
      return { kind: 'latency', ms: rule.ms as number, ...scope };
    case 'status':
      if (!(Number.isInteger(rule.status) && isNumberIn(rule.status, 500, 599))) {
        throw new TypeError('status fault status must be an integer from 500 to 599');
      }
      return { kind: 'status', status: rule.status as number, ...scope };
    case 'drop':
      return { kind: 'drop', ...scope };
    case 'clockSkew':
      if (!isNumberIn(rule.ms, -MAX_CLOCK_SKEW_MS, MAX_CLOCK_SKEW_MS)) {
        throw new TypeError(
          `clockSkew fault ms must be a number from -${MAX_CLOCK_SKEW_MS} to ${MAX_CLOCK_SKEW_MS} (100 years)`,
        );
      }
      return { kind: 'clockSkew', ms: rule.ms as number, ...scope };
    default:
      throw new TypeError(
        'fault rule kind must be one of "latency", "status", "drop", "clockSkew"',
      );
  }
}

function isNumberIn(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
