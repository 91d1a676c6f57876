/**
 * client-core's names for test-support's recording server (the transport suites import these):
 * the server itself lives in `@pandapon/test-support`; what stays here is PandaPon's envelope.
 */

import {
  type Handler,
  type RecordedRequest,
  type RecordingServer,
  sendJson,
  startRecordingServer,
  unusedPort,
} from '@pandapon/test-support';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export { type Handler, type RecordedRequest, sendJson, unusedPort };

export interface TestServer extends RecordingServer {
  /** `http://127.0.0.1:<port>` (the same as `url`), what a client takes as `baseUrl`. */
  baseUrl: string;
}

/** A recording server on 127.0.0.1 that answers a success envelope until told otherwise. */
export async function startServer(
  handler: Handler = (_req, res) => sendJson(res, 200, ok(null)),
): Promise<TestServer> {
  const server = await startRecordingServer(handler);
  return { ...server, baseUrl: server.url };
}

/**
 * One server for the enclosing `describe` block: started before its first test, its recorded
 * requests cleared before each test, closed after the last. The handle reads the live server,
 * so it may be kept in a `const` at describe level and used in tests and hooks.
 */
export function useServer(handler?: Handler): TestServer {
  let started: TestServer | undefined;
  const live = (): TestServer => {
    if (started === undefined) {
      throw new Error('useServer(): the server starts in beforeAll; use it in a test or a hook.');
    }
    return started;
  };
  beforeAll(async () => {
    started = await startServer(handler);
  });
  beforeEach(() => {
    live().requests.length = 0;
  });
  afterAll(() => started?.close());
  return {
    get url() {
      return live().url;
    },
    get baseUrl() {
      return live().baseUrl;
    },
    get port() {
      return live().port;
    },
    get requests() {
      return live().requests;
    },
    handle: (next) => live().handle(next),
    close: () => live().close(),
  };
}

/** A success envelope around `data`. */
export function ok(data: unknown, requestId = 'req-ok') {
  return { requestId, code: 200, developId: 'dev-1', msg: '成功', data };
}

/** A failure envelope. */
export function fail(code: number, msg: string, requestId = 'req-fail') {
  return { requestId, code, developId: 'dev-1', msg, data: null };
}
