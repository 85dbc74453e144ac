import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listRecordingsQuerySchema } from '@opssight/plugin-terminal-common';
import { spec } from './openapi.generated';

const script = path.resolve(__dirname, '../../../../scripts/openapi-ts.mjs');

describe('openapi.generated.ts', () => {
  it('matches openapi.yaml (run `node ../../scripts/openapi-ts.mjs src/schema/openapi.yaml` after editing the YAML)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-openapi-'));
    try {
      fs.copyFileSync(
        path.join(__dirname, 'openapi.yaml'),
        path.join(dir, 'openapi.yaml'),
      );
      execFileSync(process.execPath, [script, path.join(dir, 'openapi.yaml')], {
        cwd: dir,
      });
      const generated = fs.readFileSync(
        path.join(dir, 'openapi.generated.ts'),
        'utf8',
      );
      const json = generated
        .slice(generated.indexOf('=') + 1)
        .replace(/ as const;\s*$/, '');
      expect(spec).toEqual(JSON.parse(json));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
