import { readOpenApiYaml } from '@opssight/plugin-testing-node';
import { listRecordingsQuerySchema } from '@opssight/plugin-terminal-common';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `yarn generate:openapi` after editing the YAML)', () => {
    expect(spec).toEqual(readOpenApiYaml(__dirname));
  });

  it('documents exactly the filters the service accepts', () => {
    const documented = spec.paths['/recordings'].get.parameters
      .map(p => p.name)
      .sort();
    const accepted = Object.keys(listRecordingsQuerySchema.shape);
    expect(accepted.length).toBeGreaterThan(0);
    expect(documented).toEqual(accepted.sort());
  });
});
