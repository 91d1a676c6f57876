/**
 * The fields of one operation's copies against its spec: parameters, headers, request body (and
 * keys only its example shows), response; and of one callback's copies against its webhook.
 */

import type { SpecIndex, SpecOperation, SpecWebhook } from '@pandapon/spec-model';
import { CALLBACK_ENVELOPE_FIELDS, ENVELOPE_FIELDS } from '../../apifox/nesting.js';
import type { PageField, ParsedPage } from '../../apifox/types.js';
import { type FlatSchema, flattenSchema, type SpecField } from '../schema-fields.js';
import type { ParsedCopy } from './copies.js';
import {
  compareLocation,
  type MissingFieldRule,
  NO_SKIP,
  type Observation,
  type SkipRules,
} from './fields.js';
import type { Finding, ParamLocation, Target } from './findings.js';
import type { SpecSchemas } from './schemas.js';

type PagedCopy = ParsedCopy & { page: ParsedPage };

const PARAM_LOCATIONS: readonly ParamLocation[] = ['path', 'query', 'cookie'];

/** The response envelope (common.yaml) is loose by design: only `data` is compared. */
const RESPONSE_SKIP: SkipRules = {
  ignore: new Set([...ENVELOPE_FIELDS].filter((n) => n !== 'data')),
  neverRemoved: ENVELOPE_FIELDS,
};
/** Likewise the callback envelope: only `messageBody` is compared. */
const MESSAGE_SKIP: SkipRules = {
  ignore: new Set([...CALLBACK_ENVELOPE_FIELDS].filter((n) => n !== 'messageBody')),
  neverRemoved: CALLBACK_ENVELOPE_FIELDS,
};

const isTopLevel = (path: string): boolean => !path.includes('.') && !path.includes('[');

/** A page field at the top level of the request, at its own path or the guessed other one. */
function topLevelCandidates(f: PageField): string[] {
  const candidates = [
    f.path,
    ...(f.nesting === 'guess' && f.alternativePath ? [f.alternativePath] : []),
  ];
  return candidates.some(isTopLevel) ? candidates : [];
}

function sourcesOf(seen: readonly Observation[]): string[] {
  return [...new Set(seen.map((o) => o.copy.source))];
}

function withPage(copies: readonly ParsedCopy[]): PagedCopy[] {
  return copies.filter((c): c is PagedCopy => c.page !== undefined);
}

export interface OperationFields {
  findings: Finding[];
  /** Top-level request fields (parameters, body fields) on the copies: what the gate checks. */
  requestFieldsChecked: number;
}

export function compareOperationFields(
  schemas: SpecSchemas,
  operation: Target & { kind: 'operation' },
  copies: readonly ParsedCopy[],
): OperationFields {
  const op = operation.spec;
  const paged = withPage(copies);
  const request = schemas.flat(op.requestBody);
  const paramNamed = (name: string) => op.params.find((p) => p.name === name);
  const findings: Finding[] = [];

  for (const loc of PARAM_LOCATIONS) {
    // Query parameters standing for security schemes (logistics timestamp/sign) are not params.
    const security = new Set(
      [...op.securityParams]
        .filter((s) => s.startsWith(`${loc}:`))
        .map((s) => s.slice(loc.length + 1)),
    );
    const missingParam: MissingFieldRule = (name, seen) => {
      const elsewhere = paramNamed(name)?.in ?? (request.fields.has(name) ? 'body' : undefined);
      const topLevelOn = sourcesOf(seen);
      return elsewhere
        ? {
            severity: 'warning',
            elsewhere: elsewhere as ParamLocation | 'header' | 'body',
            topLevelOn,
          }
        : { severity: 'error', topLevelOn };
    };
    findings.push(
      ...compareLocation({
        operation,
        location: loc,
        copies: paged,
        fieldsOf: (p) => p.params[loc],
        expandedOf: (p) => (p.kind === 'api' ? [''] : []),
        examplePathsOf: () => [],
        flat: paramsSchema(schemas.index, op, loc),
        skip: { ignore: security, neverRemoved: security },
        missing: missingParam,
      }),
    );
  }
  findings.push(...unknownHeaders(operation, paged));

  const missingBodyField: MissingFieldRule = (_path, seen) => {
    // Only top-level request fields are the gate's; deeper ones are detail.
    const topLevel = seen.filter((o) => topLevelCandidates(o.field).length > 0);
    const first = topLevel[0]?.field;
    if (!first) return { severity: 'info' };
    const topLevelOn = sourcesOf(topLevel);
    const param = paramNamed(first.name);
    return param
      ? { severity: 'warning', elsewhere: param.in as ParamLocation | 'header', topLevelOn }
      : { severity: 'error', topLevelOn };
  };
  findings.push(
    ...compareLocation({
      operation,
      location: 'body',
      copies: paged,
      fieldsOf: (p) => p.body,
      expandedOf: (p) => p.bodyExpanded,
      examplePathsOf: (p) => p.requestExample?.paths ?? [],
      flat: request,
      skip: NO_SKIP,
      missing: missingBodyField,
    }),
  );
  findings.push(...exampleOnlyKeys(operation, paged, request));
  findings.push(
    ...compareLocation({
      operation,
      location: 'response',
      copies: paged,
      fieldsOf: (p) => p.response,
      expandedOf: (p) => p.responseExpanded,
      examplePathsOf: (p) => p.responseExample?.paths ?? [],
      flat: schemas.flat(op.response),
      skip: RESPONSE_SKIP,
      missing: () => ({ severity: 'info' }),
    }),
  );

  const requestFieldsChecked = paged.reduce(
    (n, c) =>
      n +
      PARAM_LOCATIONS.reduce((m, loc) => m + c.page.params[loc].length, 0) +
      c.page.body.filter((f) => topLevelCandidates(f).length > 0).length,
    0,
  );
  return { findings, requestFieldsChecked };
}

export function compareMessageFields(
  schemas: SpecSchemas,
  operation: Target & { kind: 'webhook' },
  copies: readonly ParsedCopy[],
): Finding[] {
  const hook: SpecWebhook = operation.spec;
  return compareLocation({
    operation,
    location: 'message',
    copies: withPage(copies),
    fieldsOf: (p) => p.response,
    expandedOf: (p) => p.responseExpanded,
    examplePathsOf: (p) => p.responseExample?.paths ?? [],
    flat: schemas.flat(hook.requestBody),
    skip: MESSAGE_SKIP,
    missing: () => ({ severity: 'info' }),
  });
}

/** The operation's parameters at one location as a flat schema, compared like body fields. */
function paramsSchema(index: SpecIndex, op: SpecOperation, loc: ParamLocation): FlatSchema {
  const fields = new Map<string, SpecField>();
  for (const p of op.params.filter((x) => x.in === loc)) {
    const wrapped = {
      node: { type: 'object', properties: { [p.name]: p.schema?.node ?? {} } },
      file: p.schema?.file ?? '',
    };
    const f = flattenSchema(index.resolver, wrapped).fields.get(p.name);
    if (f) fields.set(p.name, { ...f, required: p.required });
  }
  return { fields, openObjects: new Set(), present: true };
}

/** Headers neither a security scheme nor a declared header parameter stands for. */
function unknownHeaders(operation: Target & { kind: 'operation' }, copies: PagedCopy[]): Finding[] {
  const op = operation.spec;
  const known = new Set(
    [
      ...[...op.securityParams].filter((s) => s.startsWith('header:')).map((s) => s.slice(7)),
      ...op.params.filter((p) => p.in === 'header').map((p) => p.name),
    ].map((h) => h.toLowerCase()),
  );
  const extra = new Map<string, string[]>();
  for (const c of copies) {
    for (const h of c.page.headers) {
      if (known.has(h.name.toLowerCase())) continue;
      extra.set(h.name, [...(extra.get(h.name) ?? []), c.source]);
    }
  }
  return [...extra].map(([name, copiesSeen]) => ({
    kind: 'field-not-in-spec',
    severity: 'info',
    operation,
    location: 'header',
    field: name,
    copies: copiesSeen,
    specSchema: 'closed',
  }));
}

/**
 * Top-level keys a request example shows that no copy's field table lists and the spec has
 * neither as a body field nor as a parameter (copies without a table, or keys the table lacks).
 */
function exampleOnlyKeys(
  operation: Target & { kind: 'operation' },
  copies: PagedCopy[],
  request: FlatSchema,
): Finding[] {
  const op = operation.spec;
  const inTables = new Set(copies.flatMap((c) => c.page.body.flatMap(topLevelCandidates)));
  const seen = new Map<string, string[]>();
  for (const c of copies) {
    for (const path of c.page.requestExample?.paths ?? []) {
      if (!isTopLevel(path) || inTables.has(path)) continue;
      if (request.fields.has(path) || op.params.some((p) => p.name === path)) continue;
      const sources = seen.get(path) ?? [];
      if (!sources.includes(c.source)) sources.push(c.source);
      seen.set(path, sources);
    }
  }
  return [...seen].map(([field, sources]) => ({
    kind: 'field-only-in-example',
    severity: 'warning',
    operation,
    location: 'body',
    field,
    copies: sources,
  }));
}
