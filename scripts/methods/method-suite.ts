/**
 * The generated-method table test every platform package runs: each method of the platform is
 * called against the sandbox with its spec example, and must (1) send its operation's method
 * and path, (2) resolve to the envelope's `data`, (3) give the same call's response and request
 * id through `.withResponse()`, and (4) reject with a `PandaPonApiError` naming the operation
 * when the API refuses the call (a wrong secret). Paged methods also walk their first page.
 *
 * A second row per operation checks the one transport fact that is the platform's own: whether
 * the spec calls it safe to retry (`x-pandapon-safe-to-retry`, carried into the generated
 * operation table). The sandbox fails the operation's next request with HTTP 503 once: a
 * retry-safe method is sent again and resolves; any other is sent once and rejects. How retries
 * work (backoff, limits, re-signing, opt-in) is client-core's, tested there once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodCases } from './method-cases.js';

interface SentLike {
  method: string;
  url: URL;
}
/** The sandbox's fault rule for "answer this request with HTTP `status`, `count` times". */
interface StatusFault {
  kind: 'status';
  status: number;
  method: string;
  path: string;
  count: number;
}
interface HarnessLike {
  sandbox: { url: string; faults: { add(rule: StatusFault): unknown; clear(): void } };
  client(overrides?: Record<string, unknown>): { client: unknown; sent: SentLike[] };
  close(): Promise<void>;
}

/**
 * Params for one call of a stateful operation (an order to cancel, a cart line to edit...),
 * built with the same client; `undefined` keeps the example's.
 */
export type PrepareParams = (
  name: string,
  params: Record<string, unknown>,
  context: { client: Record<string, (params?: unknown) => Promise<unknown>>; sandboxUrl: string },
) => Promise<Record<string, unknown> | undefined>;

type Method = ((params: unknown) => Promise<unknown> & {
  withResponse(): Promise<{
    data: unknown;
    response: Response;
    requestId: string | undefined;
    envelope: { code: number; data?: unknown };
  }>;
}) & {
  paginate?: (
    params: unknown,
    options?: unknown,
  ) => { pages(): AsyncIterable<{ items: unknown[] }> };
};

/** The path template with the case's path parameters filled in. */
function filledPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
}

export function describeMethodTable(
  platform: string,
  start: () => Promise<HarnessLike>,
  prepare?: PrepareParams,
): void {
  const cases = methodCases(platform);
  let harness: HarnessLike;
  /** The params of one call: the example, or what `prepare` makes with this client. */
  const paramsFor = async (name: string, example: Record<string, unknown>, client: unknown) => {
    const context = {
      client: client as Record<string, (params?: unknown) => Promise<unknown>>,
      sandboxUrl: harness.sandbox.url,
    };
    return (await prepare?.(name, example, context)) ?? example;
  };
  beforeAll(async () => {
    harness = await start();
  });
  afterAll(() => harness.close());

  describe(`${platform} methods (generated table)`, () => {
    it('has a case for every operation of the spec', () => {
      expect(cases.length).toBeGreaterThan(0);
      const { client } = harness.client();
      for (const { name } of cases) {
        expect(typeof (client as Record<string, unknown>)[name], name).toBe('function');
      }
    });

    it.each(cases.map((c) => [c.name, c] as const))(
      '%s',
      async (name, { operation, params: example }) => {
        const { client, sent } = harness.client();
        let params = await paramsFor(name, example, client);
        sent.length = 0;
        const method = (client as Record<string, Method>)[name] as Method;
        const data = await method(params);
        expect(sent).toHaveLength(1);
        expect(sent[0]?.method).toBe(operation.method);
        expect(sent[0]?.url.pathname).toBe(filledPath(operation.path, params));

        params = await paramsFor(name, example, client);
        const raw = await method(params).withResponse();
        expect(raw.response.ok).toBe(true);
        expect(raw.envelope.code).toBe(200);
        expect(raw.data).toBe(raw.envelope.data);
        // Stateful operations answer differently each time; the shape stays.
        expect(typeof raw.data).toBe(typeof data);
        expect(raw.requestId === undefined || typeof raw.requestId === 'string').toBe(true);

        const refused = harness.client({ accessSecret: 'not-the-secret' }).client as Record<
          string,
          Method
        >;
        const error = await (refused[name] as Method)(params).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({
          name: 'PandaPonApiError',
          operationId: operation.operationId,
          method: operation.method,
          path: operation.path,
        });

        expect(typeof method.paginate).toBe(operation.pagination ? 'function' : 'undefined');
        if (method.paginate) {
          const { [operation.pagination?.page ?? '']: _page, ...pageParams } = params;
          for await (const page of method.paginate(pageParams, { maxPages: 1 }).pages()) {
            expect(Array.isArray(page.items)).toBe(true);
          }
        }
      },
    );

    it.each(
      cases.map(
        (c) => [c.name, c.operation.safeToRetry ? 'retried' : 'not sent again', c] as const,
      ),
    )('%s: after a transient 503, %s', async (name, _expected, { operation, params: example }) => {
      const { client, sent } = harness.client();
      const params = await paramsFor(name, example, client);
      const path = filledPath(operation.path, params);
      harness.sandbox.faults.add({
        kind: 'status',
        status: 503,
        method: operation.method,
        path,
        count: 1,
      });
      sent.length = 0;
      try {
        const outcome = await ((client as Record<string, Method>)[name] as Method)(params).then(
          () => 'resolved',
          (e: unknown) => e,
        );
        if (operation.safeToRetry) {
          expect(outcome).toBe('resolved');
          expect(sent).toHaveLength(2);
        } else {
          expect(outcome).toMatchObject({
            name: 'PandaPonHttpError',
            status: 503,
            operationId: operation.operationId,
          });
          expect(sent).toHaveLength(1);
        }
        for (const request of sent) {
          expect(request.method).toBe(operation.method);
          expect(request.url.pathname).toBe(path);
        }
      } finally {
        harness.sandbox.faults.clear();
      }
    });
  });
}
