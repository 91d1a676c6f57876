/**
 * Address upserts (v1 and v2) over real HTTP against the local sandbox, read back through the
 * sandbox's own `GET /__sandbox/addresses` (PandaPon has no list call); envelope errors and the
 * escape hatch. Retries, timeouts and clock skew are client-core's; that an upsert is never sent
 * twice is its row in the method table test.
 */
import { SANDBOX_CODES } from '@pandapon/sandbox';
import { type SandboxHarness, startSandboxHarness } from '@pandapon/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFoundationsClient,
  type FoundationsClient,
  PandaPonApiError,
  PandaPonHttpError,
  type PlatformClientOptions,
} from '../src/index.js';

let harness: SandboxHarness<FoundationsClient, PlatformClientOptions>;
beforeAll(async () => {
  harness = await startSandboxHarness(createFoundationsClient, { userId: 'foundations-test-user' });
});
afterAll(() => harness.close());

const V1 = '/open/address/addOrUpdate';
const V2 = '/v2/open/address/addOrUpdate';
const entry = {
  name: 'Li Lei',
  phone: '13800000000',
  province: '浙江省',
  city: '杭州市',
  district: '余杭区',
  address: '文一西路 969 号',
};

interface SavedAddress {
  id: number;
  userId: string;
  name: string | null;
  city: string | null;
  address: string | null;
}

/** The sandbox-only read-back: unsigned, outside the PandaPon API. */
async function savedAddresses(userId: string): Promise<SavedAddress[]> {
  const response = await fetch(
    `${harness.sandbox.url}/__sandbox/addresses?userId=${encodeURIComponent(userId)}`,
  );
  const envelope = (await response.json()) as { data: SavedAddress[] };
  return envelope.data;
}

describe('address upsert', () => {
  it('v1 adds an address; the data is its id', async () => {
    const userId = 'foundations-v1';
    const { client, sent } = harness.client({ userId });
    const id = await client.unwrap(client.POST(V1, { body: entry }));
    expect(id).toEqual(expect.any(Number));
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual(entry);
    expect(await savedAddresses(userId)).toEqual([
      expect.objectContaining({ id, userId, name: 'Li Lei', address: '文一西路 969 号' }),
    ]);
  });

  it('v2 updates it by id', async () => {
    const userId = 'foundations-v2';
    const { client } = harness.client({ userId });
    const id = (await client.unwrap(client.POST(V2, { body: entry }))) as number;
    const updated = await client.unwrap(
      client.POST(V2, { body: { id, city: '宁波市', address: '中山东路 1 号' } }),
    );
    expect(updated).toBe(id);
    expect(await savedAddresses(userId)).toEqual([
      expect.objectContaining({ id, name: 'Li Lei', city: '宁波市', address: '中山东路 1 号' }),
    ]);
  });

  it('addresses belong to the user-id that saved them', async () => {
    const { client: owner } = harness.client({ userId: 'foundations-owner' });
    const id = (await owner.unwrap(owner.POST(V1, { body: entry }))) as number;
    const { client: stranger } = harness.client({ userId: 'foundations-stranger' });
    const error = await stranger
      .unwrap(stranger.POST(V1, { body: { id, name: 'Mallory' } }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.NOT_FOUND,
      operationId: 'addressAddOrUpdate',
    });
    expect(await savedAddresses('foundations-stranger')).toEqual([]);
  });
});

describe('errors', () => {
  it('a wrong secret: PandaPonApiError with the sandbox code, requestId and status', async () => {
    const { client } = harness.client({ accessSecret: 'not-the-sandbox-secret' });
    const error = await client
      .unwrap(client.POST(V2, { body: entry }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonApiError);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.SIGNATURE_MISMATCH,
      status: 200,
      requestId: expect.stringMatching(/^[0-9a-f]{32}$/),
      operationId: 'addressAddOrUpdateV2',
    });
  });

  it('a wrong field type: the sandbox names the field', async () => {
    const { client } = harness.client();
    // Past the types, as untyped (e.g. JavaScript) callers can be.
    const body = { ...entry, phone: 13800000000 } as unknown as typeof entry;
    const error = await client.unwrap(client.POST(V1, { body })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: SANDBOX_CODES.VALIDATION_FAILED,
      msg: expect.stringContaining('body.phone'),
    });
  });
});

describe('escape hatch: request()', () => {
  it('a known path: the raw envelope', async () => {
    const userId = 'foundations-raw';
    const { client } = harness.client({ userId });
    const envelope = await client.request('POST', V2, { body: entry });
    expect(envelope).toMatchObject({ code: 200, data: expect.any(Number) });
    expect(await savedAddresses(userId)).toHaveLength(1);
  });

  it('a GET not in the specs: sent with its query, answered 404 / 40401', async () => {
    const { client, sent } = harness.client();
    const error = await client
      .request('GET', '/open/address/list', { query: { pageNo: 1 } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PandaPonHttpError);
    expect((error as PandaPonHttpError).status).toBe(404);
    expect(JSON.parse((error as PandaPonHttpError).bodyExcerpt)).toMatchObject({
      code: SANDBOX_CODES.UNKNOWN_OPERATION,
    });
    expect(sent[0]?.url.searchParams.get('pageNo')).toBe('1');
  });
});
