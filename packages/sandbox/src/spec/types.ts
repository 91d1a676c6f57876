import { PLATFORM_NAMES, type PlatformName } from '../generated/platforms.js';

// The slice of OpenAPI 3.1 the sandbox reads. Bundled specs are plain JSON, so every node is
// typed loosely and narrowed where it is used.

export type JsonObject = Record<string, unknown>;
/** A JSON Schema node: an object, or the boolean schemas `true` / `false`. */
export type Schema = JsonObject | boolean;

export interface OpenApiDocument extends JsonObject {
  openapi?: string;
  paths?: Record<string, JsonObject>;
  components?: JsonObject;
  security?: Array<Record<string, unknown>>;
}

/** The platforms served, one spec each (generated from the platform registry). */
export const SPEC_NAMES = PLATFORM_NAMES;
export type SpecName = PlatformName;

/** Bundled (self-contained) specs, keyed by platform. */
export type SpecDocuments = Partial<Record<SpecName, object>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number above zero, given as a number or a digit string; undefined otherwise. */
export function positiveInteger(value: unknown): number | undefined {
  const candidate = typeof value === 'string' ? Number(value) : value;
  return typeof candidate === 'number' && Number.isInteger(candidate) && candidate > 0
    ? candidate
    : undefined;
}
