/**
 * Compares the fields one location of a page shows (request body, response, a parameter list,
 * a callback message), merged over every copy, with the flattened spec schema of that location:
 *
 * - a field on any copy that the spec lacks is not in the spec (a field whose nesting the
 *   parser guessed counts as present at either possible place);
 * - a spec field is missing from the page only when a COMPLETE copy lists the fields of its
 *   parent object and no copy shows it, neither in a table nor in an example;
 * - type, required, nullability and enum differ when no copy that states them agrees with the
 *   spec (copies in several languages may differ; agreeing with one is enough).
 */

import { enumMatches } from '../../apifox/parse-page.js';
import { describeType } from '../../apifox/type-expr.js';
import type { PageField, ParsedPage } from '../../apifox/types.js';
import { type FlatSchema, parentObjectPath, type SpecField } from '../schema-fields.js';
import type { ParsedCopy } from './copies.js';
import type { FieldLocation, Finding, Target } from './findings.js';

/** Fields of a location that are not compared, or compared but never reported missing. */
export interface SkipRules {
  /** Not compared at all (shared envelope fields, deliberately loose in common.yaml). */
  ignore: ReadonlySet<string>;
  /** Compared, but never reported as missing from the page (present by construction). */
  neverRemoved: ReadonlySet<string>;
}

export const NO_SKIP: SkipRules = { ignore: new Set(), neverRemoved: new Set() };

/** A field as one copy shows it. */
export interface Observation {
  field: PageField;
  copy: ParsedCopy & { page: ParsedPage };
}

/** How much a field the spec lacks matters at this location, and where else the spec has it. */
export type MissingFieldRule = (
  path: string,
  seen: readonly Observation[],
) => Pick<Extract<Finding, { kind: 'field-not-in-spec' }>, 'severity' | 'elsewhere' | 'topLevelOn'>;

export interface LocationComparison {
  operation: Target;
  location: FieldLocation;
  /** Copies with a parsed page. */
  copies: readonly (ParsedCopy & { page: ParsedPage })[];
  fieldsOf: (page: ParsedPage) => PageField[];
  /** Object paths whose fields the page lists (not collapsed), '' for the top level. */
  expandedOf: (page: ParsedPage) => string[];
  /** Field paths the page's example shows at this location. */
  examplePathsOf: (page: ParsedPage) => string[];
  flat: FlatSchema;
  skip: SkipRules;
  missing: MissingFieldRule;
}

/** Findings in a stable order: differences as the fields come, then missing, then removed. */
export function compareLocation(c: LocationComparison): Finding[] {
  const { operation, location, flat, skip } = c;
  const differs: Finding[] = [];
  const notInSpec: Finding[] = [];
  const observed = observe(c);

  for (const [path, seen] of observed) {
    const copies = sourcesOf(seen);
    const spec = flat.fields.get(path);
    if (skip.ignore.has(path)) continue;
    if (!spec) {
      const guessed = seen.find((o) => o.field.nesting === 'guess' && o.field.alternativePath);
      const typed = seen.find((o) => o.field.type)?.field.type;
      const { severity, elsewhere, topLevelOn } = c.missing(path, seen);
      notInSpec.push({
        kind: 'field-not-in-spec',
        severity,
        operation,
        location,
        field: path,
        copies,
        pageType: describeType(typed),
        ...(guessed?.field.alternativePath ? { alternative: guessed.field.alternativePath } : {}),
        ...(elsewhere ? { elsewhere } : {}),
        ...(topLevelOn ? { topLevelOn } : {}),
        specSchema: !flat.present
          ? 'absent'
          : flat.openObjects.has(parentObjectPath(path))
            ? 'open'
            : 'closed',
      });
      continue;
    }
    const differ = (
      aspect: Extract<Finding, { kind: 'field-differs' }>['aspect'],
      specSays: string,
      pageSays: string,
      on: readonly Observation[],
    ): Finding => ({
      kind: 'field-differs',
      severity: 'info',
      operation,
      location,
      field: path,
      aspect,
      spec: specSays,
      page: pageSays,
      copies: sourcesOf(on),
    });

    const typed = seen.filter((o) => o.field.type);
    if (typed.length > 0 && !typed.some((o) => typeAgrees(o.field, spec))) {
      const pageTypes = [...new Set(typed.map((o) => describeType(o.field.type)))].join(' / ');
      differs.push(differ('type', describeSpec(spec), pageTypes, seen));
    }
    const stated = seen.filter((o) => o.field.required !== undefined);
    if (stated.length > 0 && !stated.some((o) => o.field.required === spec.required)) {
      const [specSays, pageSays] = spec.required
        ? ['required', 'optional']
        : ['optional', 'required'];
      differs.push(differ('required', specSays, pageSays, stated));
    }
    // A cut type line may have lost its `| null`: only whole type lines count.
    const whole = seen.filter((o) => o.field.type && !o.field.cut && o.field.type.types.length > 0);
    if (whole.length > 0 && !whole.some((o) => o.field.type?.nullable === spec.nullable)) {
      const [specSays, pageSays] = spec.nullable
        ? ['nullable', 'not nullable']
        : ['not nullable', 'nullable'];
      differs.push(differ('nullable', specSays, pageSays, whole));
    }
    const withEnum = seen.filter((o) => o.field.enumValues && o.field.enumValues.length > 0);
    const specEnum = spec.enum ?? [];
    if (
      withEnum.length > 0 &&
      !withEnum.some((o) => enumMatches(o.field.enumValues ?? [], specEnum))
    ) {
      const specSays = specEnum.length > 0 ? specEnum.map(String).join(', ') : '(no enum)';
      differs.push(
        differ('enum', specSays, (withEnum[0]?.field.enumValues ?? []).join(', '), withEnum),
      );
    }
  }
  return [...differs, ...notInSpec, ...notOnPage(c, observed)];
}

/** The fields of every copy by path; a guessed field goes where the spec has it. */
function observe(c: LocationComparison): Map<string, Observation[]> {
  const observed = new Map<string, Observation[]>();
  for (const copy of c.copies) {
    for (const field of c.fieldsOf(copy.page)) {
      const alternative = field.alternativePath;
      const path =
        !c.flat.fields.has(field.path) && alternative && c.flat.fields.has(alternative)
          ? alternative
          : field.path;
      observed.set(path, [...(observed.get(path) ?? []), { field, copy }]);
    }
  }
  return observed;
}

/** Spec fields a complete copy leaves out where it lists the parent object's fields. */
function notOnPage(c: LocationComparison, observed: Map<string, Observation[]>): Finding[] {
  // Cut copies never prove a removal.
  const complete = c.copies.filter((copy) => copy.complete);
  if (complete.length === 0) return [];
  const out: Finding[] = [];
  const exampleSeen = new Set(c.copies.flatMap((copy) => c.examplePathsOf(copy.page)));
  for (const [path, spec] of c.flat.fields) {
    if (observed.has(path) || c.skip.ignore.has(path) || c.skip.neverRemoved.has(path)) continue;
    if (exampleSeen.has(path)) continue;
    const parent = parentObjectPath(path);
    const covering = complete.filter((copy) => c.expandedOf(copy.page).includes(parent));
    if (covering.length === 0) continue;
    out.push({
      kind: 'field-not-on-page',
      severity: 'info',
      operation: c.operation,
      location: c.location,
      field: path,
      spec: describeSpec(spec),
      copies: covering.map((copy) => copy.source),
    });
  }
  return out;
}

function sourcesOf(seen: readonly Observation[]): string[] {
  return [...new Set(seen.map((o) => o.copy.source))];
}

/** The spec field's type as the reports print it: `string | null`, `array[integer]`. */
export function describeSpec(f: SpecField): string {
  const parts = [...f.types].map((t) =>
    t === 'array' && f.itemTypes && f.itemTypes.size > 0
      ? `array[${[...f.itemTypes].join(' | ')}]`
      : t,
  );
  if (parts.length === 0) parts.push('any');
  if (f.nullable) parts.push('null');
  return parts.join(' | ');
}

function typeAgrees(field: PageField, spec: SpecField): boolean {
  const type = field.type;
  if (!type) return true;
  if (spec.types.size === 0) return true;
  if (type.types.length === 0) return spec.nullable; // the page says only `null`
  if (!type.types.every((t) => t === 'any' || spec.types.has(t))) return false;
  const items = type.items;
  if (type.types.includes('array') && items && items.types.length > 0 && spec.itemTypes?.size) {
    return items.types.every((t) => t === 'any' || spec.itemTypes?.has(t));
  }
  return true;
}
