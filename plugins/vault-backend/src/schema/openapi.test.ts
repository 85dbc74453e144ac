import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spec } from './openapi.generated';

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `node ../../scripts/openapi-ts.mjs src/schema/openapi.yaml` after editing the YAML)', () => {
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'opssight-vault-openapi-'),
    );
    try {
      fs.copyFileSync(
        path.join(__dirname, 'openapi.yaml'),
        path.join(dir, 'openapi.yaml'),
      );
      execFileSync(process.execPath, [
        path.resolve(__dirname, '../../../../scripts/openapi-ts.mjs'),
        path.join(dir, 'openapi.yaml'),
      ]);
      const generated = fs.readFileSync(
        path.join(dir, 'openapi.generated.ts'),
        'utf8',
      );
      const json = generated.slice(
        generated.indexOf('export const spec = ') +
          'export const spec = '.length,
        generated.lastIndexOf(' as const;'),
      );
      expect(spec).toEqual(JSON.parse(json));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
