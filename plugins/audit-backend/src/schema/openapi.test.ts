import { readOpenApiYaml } from '@opssight/plugin-testing-node';
import { auditEntryQuerySchema } from '@opssight/plugin-audit-common';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `yarn generate:openapi` after editing the YAML)', () => {
    expect(spec).toEqual(readOpenApiYaml(__dirname));
  });

  it('documents exactly the filters the service accepts', () => {
    const documented = spec.paths['/entries'].get.parameters
      .map(p =>
        '$ref' in p ? p.$ref.replace('#/components/parameters/', '') : p.name,
      )
      .sort();
    const accepted = Object.keys(auditEntryQuerySchema.shape);
    expect(accepted.length).toBeGreaterThan(0);
    expect(documented).toEqual(accepted.sort());
  });
});
