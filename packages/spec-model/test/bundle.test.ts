import { describe, expect, it } from 'vitest';
import { bundleSpec } from '../src/bundle.js';
import { SpecResolver } from '../src/resolver.js';

function resolverOf(files: Record<string, string>): SpecResolver {
  return new SpecResolver((path) => {
    const text = files[path.replace('/specs/', '')];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  });
}

const COMMON = `
components:
  securitySchemes:
    accessKey: { type: apiKey, in: header, name: access-key }
  schemas:
    Envelope:
      type: object
      properties:
        code: { type: integer }
        page: { $ref: '#/components/schemas/Page' }
    Page: { type: object, properties: { total: { type: integer } } }
    Thing: { type: string, description: the shared Thing }
`;

describe('bundleSpec', () => {
  it('pulls external refs into components, with what they reference, and keeps local refs', () => {
    const bundled = bundleSpec(
      '/specs/shop.yaml',
      resolverOf({
        'common.yaml': COMMON,
        'shop.yaml': `
security: [{ accessKey: [] }]
paths:
  /x:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                allOf:
                  - $ref: './common.yaml#/components/schemas/Envelope'
                  - $ref: '#/components/schemas/Thing'
components:
  securitySchemes:
    accessKey: { $ref: './common.yaml#/components/securitySchemes/accessKey' }
  schemas:
    Thing: { type: integer, description: the shop's own Thing }
    Other: { $ref: './common.yaml#/components/schemas/Thing', description: kept beside }
`,
      }),
    );
    const components = bundled.components as Record<string, Record<string, unknown>>;
    // A forwarding entry is replaced by what it forwards to.
    expect(components.securitySchemes?.accessKey).toEqual({
      type: 'apiKey',
      in: 'header',
      name: 'access-key',
    });
    expect(components.schemas?.Envelope).toEqual({
      type: 'object',
      properties: {
        code: { type: 'integer' },
        page: { $ref: '#/components/schemas/Page' },
      },
    });
    expect(components.schemas?.Page).toEqual({
      type: 'object',
      properties: { total: { type: 'integer' } },
    });
    // A name the file already uses for something else gets a suffix.
    expect(components.schemas?.Thing).toEqual({
      type: 'integer',
      description: "the shop's own Thing",
    });
    expect(components.schemas?.['Thing-2']).toEqual({
      type: 'string',
      description: 'the shared Thing',
    });
    expect(components.schemas?.Other).toEqual({
      $ref: '#/components/schemas/Thing-2',
      description: 'kept beside',
    });
    expect(JSON.stringify(bundled)).not.toContain('common.yaml');
  });

  it('fails on a ref that leads nowhere, local or external, and on an unreadable file', () => {
    const bundle = (shop: string) =>
      bundleSpec('/specs/shop.yaml', resolverOf({ 'common.yaml': COMMON, 'shop.yaml': shop }));
    expect(() => bundle("a: { $ref: './common.yaml#/components/schemas/Gone' }")).toThrow(
      'unresolvable $ref ./common.yaml#/components/schemas/Gone',
    );
    expect(() => bundle("a: { $ref: '#/components/schemas/Gone' }")).toThrow(
      'unresolvable $ref #/components/schemas/Gone',
    );
    expect(() => bundle("a: { $ref: './common.yaml#/paths/x' }")).toThrow(
      'only components can be referenced',
    );
    expect(() => bundle('a: [unclosed')).toThrow('cannot bundle');
  });
});
