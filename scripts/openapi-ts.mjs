#!/usr/bin/env node
// Writes <dir>/openapi.generated.ts beside <dir>/openapi.yaml: the spec as a typed
// constant, so routers are typed from the one YAML contract. A test in each plugin
// checks that the two have not drifted apart.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');

for (const file of process.argv.slice(2)) {
  const spec = yaml.load(fs.readFileSync(file, 'utf8'));
  const out = path.join(path.dirname(file), 'openapi.generated.ts');
  fs.writeFileSync(
    out,
    `// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.\n` +
      `/* eslint-disable */\n` +
      `export const spec = ${JSON.stringify(spec, null, 2)} as const;\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
