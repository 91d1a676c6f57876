/**
 * What happens to one PandaPon API request, in order: fault → route → verify → parse once →
 * validate → dispatch. The first step that has an answer ends it. Nothing here knows about
 * node:http: the glue in server.ts hands a request in and writes the outcome out.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseJson } from '@pandapon/json';
import { SANDBOX_CODES } from './codes.js';
import type { CredentialStore } from './credentials.js';
import type { Answer, EnvelopeBuilder } from './envelope.js';
import type { FaultInjector } from './faults.js';
import { withExtraFields } from './fixtures/extra-fields.js';
import {
  FLOWS,
  type Flow,
  type FlowContext,
  type FlowResult as FlowOutcome,
} from './flows/index.js';
import type { NonceCache } from './nonce-cache.js';
import { listOperations, type Operation } from './spec/catalog.js';
import { type EmbeddedProblem, findEmbeddedProblem } from './spec/embedded.js';
import { type PageRequest, pagedData } from './spec/pages.js';
import { getAtPointer } from './spec/pointer.js';
import type { Router } from './spec/router.js';
import { defaultResponseData } from './spec/samples.js';
import { findUndocumentedKey } from './spec/schema-shape.js';
import type { OpenApiDocument, SpecName } from './spec/types.js';
import type { RequestValidator, SpecValidator } from './spec/validator.js';
import type { SandboxOperation } from './types.js';
import { type TimestampUnit, verifyRequest } from './verify.js';

/** One operation as the sandbox serves it. */
export interface ServedOperation {
  operation: Operation;
  validate: RequestValidator;
  flow: Flow | undefined;
  /** JSON of the example (or synthesized) `data`, serialised once. */
  defaultDataJson: string;
  /** For paged operations: the `data` of the requested page (spec/pages.ts). */
  page: ((request: PageRequest) => unknown) | undefined;
  /** The first body key the spec does not document (strict mode), e.g. `body.keywrod`. */
  undocumentedBodyKey: (body: unknown) => string | undefined;
  /** Strict mode: the first problem in a document carried inside a string field. */
  embeddedProblem: (body: unknown) => EmbeddedProblem | undefined;
}

/** Every operation of the specs, with its validator, its flow (when stateful) and its answer. */
export function serveOperations(
  docs: ReadonlyMap<SpecName, OpenApiDocument>,
  validator: SpecValidator,
  stateful: boolean,
): ServedOperation[] {
  const served: ServedOperation[] = [];
  for (const [spec, doc] of docs) {
    for (const operation of listOperations(spec, doc)) {
      const data = defaultResponseData(doc, operation);
      served.push({
        operation,
        validate: validator.request(operation),
        flow: stateful ? FLOWS[`${operation.method} ${operation.path}`] : undefined,
        defaultDataJson: JSON.stringify(data),
        page: operation.pagination ? pagedData(operation.pagination, data) : undefined,
        undocumentedBodyKey: undocumentedKeyFinder(doc, operation),
        embeddedProblem: embeddedChecker(doc, operation, validator),
      });
    }
  }
  return served;
}

/** The operation's request-body schema, or undefined when it takes no body. */
function bodySchemaOf(doc: OpenApiDocument, operation: Operation): unknown {
  const pointer = operation.body?.schemaPointer;
  return pointer === undefined ? undefined : getAtPointer(doc, pointer);
}

function embeddedChecker(
  doc: OpenApiDocument,
  operation: Operation,
  validator: SpecValidator,
): (body: unknown) => EmbeddedProblem | undefined {
  const schema = bodySchemaOf(doc, operation);
  if (schema === undefined) return () => undefined;
  const compile = (embedded: object, root: string) => validator.standalone(embedded, root);
  return (body) => findEmbeddedProblem(doc, schema, body, compile);
}

function undocumentedKeyFinder(
  doc: OpenApiDocument,
  operation: Operation,
): (body: unknown) => string | undefined {
  const schema = bodySchemaOf(doc, operation);
  if (schema === undefined) return () => undefined;
  return (body) => findUndocumentedKey(doc, [schema], body, 'body');
}

/** The public description of what is served (`sandbox.operations`, `GET /__sandbox/operations`). */
export function describeOperations(served: readonly ServedOperation[]): SandboxOperation[] {
  return served.map(({ operation, flow }) => ({
    spec: operation.spec,
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    stateful: flow !== undefined,
  }));
}

/** A request as the pipeline sees it. */
export interface ApiRequest {
  /** Upper case. */
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Reads the whole body; throws BodyTooLargeError past the limit. */
  readBody(): Promise<string>;
  /** Where the caller reached this sandbox, for URLs handed back (pay pages). */
  baseUrl: string;
}

/** An answer stamped with the sandbox clock (its `Date` header), or a dropped connection. */
export type Outcome = { answer: Answer; clockMs: number } | { drop: true };

export interface PipelineDependencies {
  faults: FaultInjector;
  router: Router;
  served: ReadonlyMap<Operation, ServedOperation>;
  credentials: CredentialStore;
  nonces: NonceCache;
  envelopes: EnvelopeBuilder;
  /** The sandbox clock, epoch ms. */
  now: () => number;
  /** Refuse body keys the spec does not document (40002). */
  rejectUndocumentedFields: boolean;
  /** Accept only this timestamp unit; undefined accepts both. */
  timestampUnit: TimestampUnit | undefined;
  /** Add the invented fields of fixtures/extra-fields.ts to answers. */
  extraFields: boolean;
  /** What every flow gets besides the request itself. */
  flowServices: Pick<FlowContext, 'store' | 'now' | 'notify'>;
}

export type ApiPipeline = (request: ApiRequest) => Promise<Outcome>;

export function createApiPipeline(deps: PipelineDependencies): ApiPipeline {
  return async (request) => {
    // 1. Fault: injected before anything else, as a failing gateway would.
    const fault = deps.faults.evaluate(request.method, request.path);
    const baseNowMs = deps.now();
    const clockMs = baseNowMs + fault.clockSkewMs;
    const stamp = (answer: Answer): Outcome => ({ answer, clockMs });
    const refuse = (status: number, code: number, msg: string): Outcome =>
      stamp(deps.envelopes.failure(status, code, msg));
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.drop) return { drop: true };
    if (fault.status !== undefined) {
      return refuse(
        fault.status,
        SANDBOX_CODES.INJECTED_FAULT,
        `injected fault: HTTP ${fault.status}`,
      );
    }
    // The body is read whatever comes next, so a refused request leaves the connection usable.
    const bodyText = await request.readBody();

    // 2. Route.
    const match = deps.router.match(request.method, request.path);
    if (!match) return refuse(404, SANDBOX_CODES.UNKNOWN_OPERATION, unknownRoute(deps, request));
    const entry = deps.served.get(match.operation) as ServedOperation;

    // 3. Verify the system headers, signature, timestamp and nonce.
    const verdict = verifyRequest(
      {
        headers: request.headers,
        query: request.query,
        queryAuth: match.operation.queryAuth,
        nowMs: clockMs,
        baseNowMs,
        timestampUnit: deps.timestampUnit,
      },
      deps.credentials,
      deps.nonces,
    );
    if (!verdict.ok) return refuse(200, verdict.code, verdict.msg);

    // 4. Parse once, keeping integers beyond 2^53 exact (1688 order ids have 19 digits).
    const body = parseBody(bodyText);
    if (body === INVALID_JSON) {
      return refuse(
        200,
        SANDBOX_CODES.VALIDATION_FAILED,
        'request validation failed: body is not valid JSON',
      );
    }

    // 5. Validate against the operation's spec.
    const problem = entry.validate({
      query: Object.fromEntries(request.query),
      pathParams: match.pathParams,
      headers: request.headers,
      body,
    });
    if (problem) {
      return refuse(200, SANDBOX_CODES.VALIDATION_FAILED, `request validation failed: ${problem}`);
    }
    const undocumented = deps.rejectUndocumentedFields
      ? entry.undocumentedBodyKey(body)
      : undefined;
    if (undocumented) {
      return refuse(
        200,
        SANDBOX_CODES.UNDOCUMENTED_FIELD,
        `request validation failed: ${undocumented} is not a documented field of ${match.operation.operationId}` +
          ' (strict mode; start the sandbox with rejectUndocumentedFields: false to allow it)',
      );
    }

    const embedded = deps.rejectUndocumentedFields ? entry.embeddedProblem(body) : undefined;
    if (embedded) {
      return refuse(
        200,
        embedded.kind === 'undocumented'
          ? SANDBOX_CODES.UNDOCUMENTED_FIELD
          : SANDBOX_CODES.VALIDATION_FAILED,
        `request validation failed: ${embedded.message} (strict mode; start the sandbox with rejectUndocumentedFields: false to allow it)`,
      );
    }

    // 6. Dispatch: the stateful flow, else a page of results, else the spec's answer.
    const result: FlowResult = entry.flow
      ? entry.flow({
          ...deps.flowServices,
          body,
          query: request.query,
          pathParams: match.pathParams,
          userId: verdict.userId,
          accessKey: verdict.accessKey,
          baseUrl: request.baseUrl,
        })
      : entry.page
        ? { data: entry.page({ body, query: request.query }) }
        : deps.extraFields
          ? { data: JSON.parse(entry.defaultDataJson) }
          : { dataJson: entry.defaultDataJson };
    if ('code' in result) return refuse(200, result.code, result.msg);
    if ('dataJson' in result) return stamp(deps.envelopes.successJson(result.dataJson));
    if (!deps.extraFields) return stamp(deps.envelopes.success(result.data));
    const { data, invented } = withExtraFields(match.operation.operationId, result.data);
    const answer = deps.envelopes.success(data);
    if (invented.length > 0) answer.headers = { 'x-sandbox-invented-fields': invented.join(', ') };
    return stamp(answer);
  };
}

/** A flow's result, or the spec's answer already serialised. */
type FlowResult = FlowOutcome | { dataJson: string };

const INVALID_JSON = Symbol('invalid JSON');

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    // Digit strings, not bigint: flows pass ids on as text and answers are JSON again.
    return parseJson(text, { bigIntegers: 'string' });
  } catch {
    return INVALID_JSON;
  }
}

function unknownRoute(deps: PipelineDependencies, request: ApiRequest): string {
  const methods = deps.router.methodsFor(request.path);
  return methods.length > 0
    ? `${request.method} is not an operation of ${request.path} (the specs declare ${methods.join(', ')})`
    : `no operation ${request.method} ${request.path} in the specs`;
}
