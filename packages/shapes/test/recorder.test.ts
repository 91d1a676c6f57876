import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { parseShapeRecords, type ShapeRecord } from '../src/record.js';
import { createShapeRecorder } from '../src/recorder.js';

type Paths = {
  '/v2/alibaba/cart/list': {
    get: { responses: { 200: { content: { 'application/json': unknown } } } };
  };
  '/v2/alibaba/order/cancel': {
    post: { responses: { 200: { content: { 'application/json': unknown } } } };
  };
};

const fixedNow = () => new Date('2026-11-30T10:00:00.000Z');

function clientAnswering(bodies: unknown[]) {
  let call = 0;
  const fetch = async () => {
    const body = bodies[Math.min(call++, bodies.length - 1)];
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      headers: { 'content-type': 'application/json;charset=UTF-8' },
    });
  };
  return createClient<Paths>({ baseUrl: 'http://127.0.0.1:1', fetch });
}

describe('createShapeRecorder', () => {
  it('records the shape of data per operation from successful envelopes only', async () => {
    const records: ShapeRecord[] = [];
    const recorder = createShapeRecorder({ onRecord: (r) => records.push(r), now: fixedNow });
    const client = clientAnswering([
      { code: 200, msg: '成功', data: { enableList: [{ sellerOpenId: 'b2b-secret-id' }] } },
      { code: 200, msg: '成功', data: { enableList: [], newField: 3 } },
      { code: 500, msg: 'failed', data: { errorOnly: true } },
    ]);
    client.use(recorder.middleware);
    for (let index = 0; index < 3; index++) {
      const { data } = await client.GET('/v2/alibaba/cart/list');
      expect(data).toBeDefined(); // the recorder hands the response on untouched
    }
    recorder.flush();
    expect(records).toHaveLength(1);
    const [record] = records as [ShapeRecord];
    expect(record.operation).toBe('GET /v2/alibaba/cart/list');
    expect(record.responses).toBe(2);
    expect(record.data.properties?.newField?.types).toEqual(['integer']);
    expect(record.data.properties?.errorOnly).toBeUndefined();
    expect(JSON.stringify(records)).not.toContain('b2b-secret-id');
  });

  it('never fails a call: non-JSON, malformed and huge bodies are passed through unrecorded', async () => {
    const records: ShapeRecord[] = [];
    const recorder = createShapeRecorder({ onRecord: (r) => records.push(r), maxBodyBytes: 64 });
    const client = clientAnswering([
      '{"code":200,"data":',
      `{"code":200,"data":"${'x'.repeat(100)}"}`,
      '[1,2]',
    ]);
    client.use(recorder.middleware);
    for (let index = 0; index < 3; index++) {
      const result = await client.GET('/v2/alibaba/cart/list', { parseAs: 'text' });
      expect(typeof result.data).toBe('string');
    }
    recorder.flush();
    expect(records).toEqual([]);
  });

  it('file mode: one line per operation, runs accumulate, flushes every N responses', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shapes-')), 'shapes.ndjson');
    for (let run = 0; run < 2; run++) {
      const recorder = createShapeRecorder({ file, flushEvery: 2, now: fixedNow });
      const client = clientAnswering([{ code: 200, data: { ok: true } }]);
      client.use(recorder.middleware);
      await client.GET('/v2/alibaba/cart/list');
      await client.POST('/v2/alibaba/order/cancel');
      // flushEvery: 2 wrote both without a manual flush.
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    const records = parseShapeRecords(readFileSync(file, 'utf8'));
    expect(records.get('GET /v2/alibaba/cart/list')?.responses).toBe(2);
    expect(records.get('POST /v2/alibaba/order/cancel')?.responses).toBe(2);
  });

  it('refuses a corrupt shapes file at creation instead of overwriting it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'shapes-')), 'shapes.ndjson');
    writeFileSync(file, '{"v":1}\n');
    expect(() => createShapeRecorder({ file })).toThrow(/shapes line 1/);
  });

  it.each([
    [{}, /exactly one of file and onRecord/],
    [{ file: 'a', onRecord: () => {} }, /exactly one/],
    [{ file: '' }, /file must be a non-empty path/],
    [{ onRecord: 'yes' }, /onRecord must be a function/],
    [{ onRecord: () => {}, flushEvery: 0 }, /flushEvery/],
    [{ onRecord: () => {}, maxBodyBytes: -1 }, /maxBodyBytes/],
  ])('rejects bad options %j', (options, message) => {
    expect(() => createShapeRecorder(options as never)).toThrow(message);
  });
});
