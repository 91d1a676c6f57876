import { buildSpecIndex, PLATFORMS, SpecResolver } from '@pandapon/spec-model';
import { describe, expect, it } from 'vitest';
import { clientEmitter } from '../generate/emitters/client.js';
import { operationTable } from '../generate/emitters/operations.js';
import { main } from '../generate/main.js';
import { TARGETS } from '../generate/targets.js';

function index(pathsYaml: string) {
  const resolver = new SpecResolver((path) => {
    if (path === '/specs/common.yaml') return 'components: {}';
    if (path === '/specs/x.yaml') return `openapi: 3.1.0\npaths:\n${pathsYaml}`;
    throw new Error(`ENOENT: ${path}`);
  });
  return buildSpecIndex(['/specs/x.yaml'], resolver);
}

describe('operation table', () => {
  it('keys operations by METHOD /path, sorted, with retry safety and pagination', () => {
    const table = operationTable(
      index(`
  /b:
    post:
      operationId: listB
      x-pandapon-safe-to-retry: true
      x-pandapon-pagination: { in: body, page: pageNo, size: pageSize, items: list }
      requestBody:
        content:
          application/json:
            schema:
              properties:
                pageNo: { $ref: '#/components/schemas/PageNo' }
  /a:
    get:
      operationId: getA
      x-pandapon-safe-to-retry: false
      x-pandapon-pagination: { in: query, page: page, size: size, items: records }
      parameters:
        - { name: page, in: query, schema: { type: integer } }
components:
  schemas:
    PageNo: { type: [string, 'null'] }
`),
    );
    expect(table).toEqual({
      'GET /a': {
        operationId: 'getA',
        safeToRetry: false,
        pagination: { in: 'query', page: 'page', size: 'size', items: 'records' },
      },
      'POST /b': {
        operationId: 'listB',
        safeToRetry: true,
        // The page number is declared as a string (through a $ref), so it is sent as one.
        pagination: {
          in: 'body',
          page: 'pageNo',
          size: 'pageSize',
          items: 'list',
          numbersAs: 'string',
        },
      },
    });
    expect(Object.keys(table)).toEqual(['GET /a', 'POST /b']);
  });

  it('flags the operations whose security asks for the query signature, and only those', () => {
    const table = operationTable(
      index(`
  /q:
    post:
      operationId: queried
      x-pandapon-safe-to-retry: true
      security: [{ header: [], sign: [] }]
  /h:
    post:
      operationId: headersOnly
      x-pandapon-safe-to-retry: true
      security: [{ header: [] }]
components:
  securitySchemes:
    header: { type: apiKey, in: header, name: access-key }
    sign: { type: apiKey, in: query, name: sign }
`),
    );
    expect(table['POST /q']).toEqual({
      operationId: 'queried',
      safeToRetry: true,
      querySignature: true,
    });
    expect(table['POST /h']).toEqual({ operationId: 'headersOnly', safeToRetry: true });
  });

  it('refuses an operation without a retry decision or with a partial pagination marker', () => {
    expect(() => operationTable(index('  /a:\n    get:\n      operationId: getA\n'))).toThrow(
      'getA: x-pandapon-safe-to-retry must be true or false',
    );
    expect(() =>
      operationTable(
        index(
          '  /a:\n    get:\n      operationId: getA\n      x-pandapon-safe-to-retry: true\n      x-pandapon-pagination: { page: p, size: s }\n',
        ),
      ),
    ).toThrow('getA: x-pandapon-pagination.items is missing');
    expect(() =>
      operationTable(index('  /a:\n    get:\n      x-pandapon-safe-to-retry: true\n')),
    ).toThrow('GET /a: operationId is missing');
  });
});

describe('targets', () => {
  it('give every registered platform its own target', () => {
    expect(TARGETS.map((t) => t.name)).toEqual(expect.arrayContaining(Object.keys(PLATFORMS)));
    expect(TARGETS.find((t) => t.name === 'alibaba')?.dir).toBe('packages/alibaba/src/generated');
  });

  it('name the factory and type from the registry', async () => {
    const source = await clientEmitter.emit({
      platform: PLATFORMS.logistics,
      index: index(''),
    });
    expect(source).toContain(
      'export function createLogisticsClient(options?: PlatformClientOptions): LogisticsClient',
    );
    expect(source).toContain("{ platform: 'logistics', operations }");
    expect(source).toContain(
      'export type LogisticsClient = PlatformClient<paths> & LogisticsMethods;',
    );
  });

  it('rejects an unknown target by name before doing anything', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (message: string) => errors.push(message);
    try {
      expect(await main(['--check', 'shopee'])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors[0]).toMatch(
      /^Unknown target "shopee". Known: taobao, alibaba, foundations, logistics/,
    );
  });
});
