#!/usr/bin/env node
// Writes <dir>/openapi.generated.ts beside <dir>/openapi.yaml: the spec as a typed
// constant, so routers are typed from the one YAML contract. The generated files
// are build products (git ignores them): `yarn install` (postinstall) and every
// script that bootstraps the repository write them. With no arguments it writes
// them for every plugins/*/src/schema/openapi.yaml; a file is rewritten only when
// its content changes. A test in each plugin checks that the two agree.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function allSpecs() {
  const plugins = path.join(root, 'plugins');
  return fs
    .readdirSync(plugins)
    .map(name => path.join(plugins, name, 'src', 'schema', 'openapi.yaml'))
    .filter(file => fs.existsSync(file));
}

const files = process.argv.slice(2);
const quiet = files[0] === '--quiet';
for (const file of quiet || files.length === 0 ? allSpecs() : files) {
  const spec = yaml.load(fs.readFileSync(file, 'utf8'));
  const out = path.join(path.dirname(file), 'openapi.generated.ts');
  const text =
    `// Generated from openapi.yaml by scripts/openapi-ts.mjs. Do not edit.\n` +
    `/* eslint-disable */\n` +
    `export const spec = ${JSON.stringify(spec, null, 2)} as const;\n`;
  const before = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  if (before !== text) fs.writeFileSync(out, text);
  if (!quiet) console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
