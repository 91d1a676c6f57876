/**
 * Warehouse-logistics calls over real HTTP against the local sandbox. These endpoints want the
 * signature twice: in the headers like every call, and as query `timestamp` + `sign`, which the
 * sandbox checks against the headers (code 40106 otherwise). That the pair is signed afresh on
 * each retry and after a clock correction is client-core's (pipeline and clock-skew tests); which
 * logistics operations are retried is each operation's row in the method table test.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import {
  type SandboxHarness,
  type SentRequest,
  startSandboxHarness,
} from '@pandapon/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogisticsClient,
  type LogisticsClient,
  PandaPonApiError,
  PandaPonHttpError,
  type PlatformClientOptions,
} from '../src/index.js';

let harness: SandboxHarness<LogisticsClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createLogisticsClient, { userId: 'logistics-test-user' });
});
afterAll(() => harness.close());

const RENDER_V1 = '/open/pp/logistics/orderRenderFreight';
const RENDER_V2 = '/v2/open/pp/logistics/orderRenderFreight';
const BOOKING = '/open/pp/logistics/orderBookingFreight';
const receiverAddress = { name: 'Jane Doe', country: 'US', city: 'Seattle', zip: '98101' };
const renderItems = [
  {
    itemId: '672991141190',
    skuId: '4961011633744',
    quantity: 2,
    freightInfo: { serviceId: '1' },
    currency: 'CNY',
    price: '39.90',
  },
];

/** The query pair equals the header pair: what the sandbox (and the platform) require. */
function expectQuerySigned(request: SentRequest | undefined): void {
  const timestamp = request?.headers.get('timestamp');
  const signature = request?.headers.get('signature');
  expect(timestamp).toMatch(/^\d+$/);
  expect(signature).toMatch(/^[0-9A-F]{32}$/);
  expect(request?.url.searchParams.get('timestamp')).toBe(timestamp);
  expect(request?.url.searchParams.get('sign')).toBe(signature);
}

describe('typed calls carry query timestamp + sign', () => {
  it('v1 and v2 freight previews', async () => {
    const { client, sent } = harness.client();
    const v1 = await client.unwrap(
      client.POST(RENDER_V1, { body: { receiverAddress, renderItems } }),
    );
    const v2 = await client.unwrap(
      client.POST(RENDER_V2, { body: { receiverAddress, renderItems } }),
    );
    // The docs show no response data for these pages, so neither does the sandbox.
    expect(v1).toBeNull();
    expect(v2).toBeNull();
    expect(sent).toHaveLength(2);
    for (const request of sent) expectQuerySigned(request);
    expect(JSON.parse(sent[1]?.body ?? '')).toEqual({ receiverAddress, renderItems });
  });

  it('v2 single-item estimate and v1 booking', async () => {
    const { client, sent } = harness.client();
    await client.unwrap(
      client.POST('/v2/open/pp/logistics/itemLogisticsPrice', {
        body: {
          itemId: '672991141190',
          skuId: '4961011633744',
          receiverAddress,
          quantity: 1,
          currency: 'CNY',
          price: '39.90',
        },
      }),
    );
    await client.unwrap(client.POST(BOOKING, { body: { renderId: 'r-1', receiverAddress } }));
    for (const request of sent) expectQuerySigned(request);
  });

  it('the sandbox checks the pair: a request without `sign` is refused (40106)', async () => {
    const { client } = harness.client({
      fetch: (request, init) => {
        const url = new URL(request.url);
        url.searchParams.delete('sign');
        return fetch(new Request(url, request), init);
      },
    });
    const error = await client
      .unwrap(client.POST(RENDER_V1, { body: { receiverAddress, renderItems } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect((error as PandaPonApiError).code).toBe(SANDBOX_CODES.LOGISTICS_QUERY_SIGN);
  });

  it('a wrong secret: PandaPonApiError with the sandbox code, requestId and status', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const error = await client
      .unwrap(client.POST(RENDER_V2, { body: { receiverAddress, renderItems } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.SIGNATURE_MISMATCH,
      status: 200,
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      operationId: 'logisticsOrderRenderFreightV2',
    });
    // Neither the secret nor the signature sent (it was in the URL) leaks into the error.
    expect(JSON.stringify(error)).not.toContain('not-the-sandbox-secret');
    expect((error as Error).message).not.toContain('not-the-sandbox-secret');
  });
});

describe('escape hatch: request()', () => {
  it('a known logistics path: signed in headers and query, raw envelope', async () => {
    const { client, sent } = harness.client();
    const envelope = await client.request('POST', RENDER_V1, {
      body: { receiverAddress, renderItems },
    });
    expect(envelope.code).toBe(200);
    expectQuerySigned(sent[0]);
  });

  it('an unknown logistics path: also query-signed, answered 404 / 40401', async () => {
    const { client, sent } = harness.client();
    const error = await client
      .request('POST', '/open/pp/logistics/newThing', { query: { lang: 'en' }, body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).status).toBe(404);
    expect(JSON.parse((error as PandaPonHttpError).bodyExcerpt)).toMatchObject({
      code: SANDBOX_CODES.UNKNOWN_OPERATION,
    });
    expectQuerySigned(sent[0]);
    expect(sent[0]?.url.searchParams.get('lang')).toBe('en');
  });
});
