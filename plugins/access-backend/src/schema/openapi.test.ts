import { readOpenApiYaml } from '@opssight/plugin-testing-node';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `yarn generate:openapi` after editing the YAML)', () => {
    expect(spec).toEqual(readOpenApiYaml(__dirname));
  });
});
