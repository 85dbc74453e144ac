import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/**
 * A plugin's `openapi.yaml` as data, to check that the `openapi.generated.ts`
 * beside it (scripts/openapi-ts.mjs) has not drifted from it:
 * `expect(spec).toEqual(readOpenApiYaml(__dirname))`.
 *
 * @public
 */
export function readOpenApiYaml(schemaDir: string): unknown {
  return yaml.load(
    fs.readFileSync(path.join(schemaDir, 'openapi.yaml'), 'utf8'),
  );
}
